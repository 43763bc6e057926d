import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

const META_RE = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i;
const XML_DECL_RE = /^<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/i;

/** Charset named by a Content-Type header, if any. */
export function headerCharset(contentType: string | undefined): string | undefined {
  const m = contentType ? /charset\s*=\s*"?([\w-]+)/i.exec(contentType) : null;
  return m ? normalise(m[1]) : undefined;
}

function normalise(name: string): string {
  const n = name.toLowerCase();
  if (n === 'gb2312' || n === 'gbk' || n === 'x-gbk' || n === 'gb_2312-80') return 'gb18030';
  if (n === 'utf8') return 'utf-8';
  return n;
}

/**
 * Decodes a body: a BOM (bytes outrank a header, as in browsers: servers often send a default charset
 * for files saved as UTF-8 with BOM), else the header's charset, else `<meta charset>` /
 * `<?xml encoding?>` in the first 2 KB, else UTF-8 if the bytes are valid UTF-8, else GBK (legacy pages
 * that declare nothing).
 */
export function decodeBody(raw: Buffer, contentType: string | undefined): { text: string; charset: string } {
  let charset: string | undefined;
  let start = 0;
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
    charset = 'utf-8';
    start = 3;
  } else if (raw[0] === 0xff && raw[1] === 0xfe) {
    charset = 'utf-16le';
    start = 2;
  } else if (raw[0] === 0xfe && raw[1] === 0xff) {
    charset = 'utf-16be';
    start = 2;
  }
  charset ??= headerCharset(contentType);
  if (!charset) {
    const head = raw.subarray(0, 2048).toString('latin1');
    const m = META_RE.exec(head) ?? XML_DECL_RE.exec(head);
    if (m) charset = normalise(m[1]);
  }
  if (!charset) charset = isUtf8(raw) ? 'utf-8' : 'gb18030';
  const body = start ? raw.subarray(start) : raw;
  if (charset === 'utf-8') return { text: body.toString('utf8'), charset };
  if (!iconv.encodingExists(charset)) return { text: body.toString('utf8'), charset: 'utf-8' };
  return { text: iconv.decode(body, charset), charset };
}

