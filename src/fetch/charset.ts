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
 * The charset of a body: a BOM (bytes outrank a header, as in browsers: servers often send a default
 * charset for files saved as UTF-8 with BOM), else the header's charset, else `<meta charset>` /
 * `<?xml encoding?>` in the first 2 KB, else UTF-8 if the bytes are valid UTF-8, else GBK (legacy pages
 * that declare nothing). A name iconv does not know reads as UTF-8.
 */
export function sniffCharset(raw: Buffer, contentType: string | undefined): string {
  let charset = bomCharset(raw)?.charset ?? headerCharset(contentType);
  if (!charset) {
    const head = raw.subarray(0, 2048).toString('latin1');
    const m = META_RE.exec(head) ?? XML_DECL_RE.exec(head);
    if (m) charset = normalise(m[1]);
  }
  if (!charset) charset = isUtf8(raw) ? 'utf-8' : 'gb18030';
  return charset === 'utf-8' || iconv.encodingExists(charset) ? charset : 'utf-8';
}

/** The text of a body in a charset from `sniffCharset`, without its BOM. */
export function decodeAs(raw: Buffer, charset: string): string {
  const bom = bomCharset(raw);
  const body = bom?.charset === charset ? raw.subarray(bom.length) : raw;
  return charset === 'utf-8' ? body.toString('utf8') : iconv.decode(body, charset);
}

export function decodeBody(raw: Buffer, contentType: string | undefined): { text: string; charset: string } {
  const charset = sniffCharset(raw, contentType);
  return { text: decodeAs(raw, charset), charset };
}

function bomCharset(raw: Buffer): { charset: string; length: number } | undefined {
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (raw[0] === 0xff && raw[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (raw[0] === 0xfe && raw[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}
