import { describe, expect, it } from 'vitest';
import { bodyBuffer, keepLatest, pageText } from '../src/fetch/page-bodies.js';

const page = (n: number) => `<html><body>${`<p>第${n}页的政务公开内容</p>`.repeat(500)}</body></html>`;

function filled(text: string): Buffer {
  const bytes = Buffer.from(text);
  const raw = bodyBuffer(bytes.length);
  bytes.copy(raw);
  return raw;
}

describe('page bodies', () => {
  it('never hands out the latest page\'s buffer while its text is unread', () => {
    keepLatest('hash-a', 'utf-8', filled(page(1)));
    const others = Array.from({ length: 100 }, (_, i) => filled(page(i + 2)));
    expect(pageText('hash-a', 'utf-8', () => Buffer.alloc(0))).toBe(page(1));
    expect(others[99].toString()).toBe(page(101));
  });

  it('reads an older page back from the store, once another page is the latest', () => {
    keepLatest('hash-b', 'utf-8', filled(page(2)));
    keepLatest('hash-c', 'utf-8', filled(page(3)));
    filled(page(4));
    const loads: string[] = [];
    expect(pageText('hash-b', 'utf-8', () => (loads.push('b'), Buffer.from(page(2))))).toBe(page(2));
    expect(pageText('hash-b', 'utf-8', () => (loads.push('b'), Buffer.from(page(2))))).toBe(page(2));
    expect(loads).toEqual(['b']);
  });

  it('reuses a buffer only after its page has been read or replaced', () => {
    const a = filled(page(5));
    keepLatest('hash-d', 'utf-8', a);
    expect(pageText('hash-d', 'utf-8', () => Buffer.alloc(0))).toBe(page(5));
    const b = bodyBuffer(1000);
    expect(b.buffer).toBe(a.buffer);
    expect(pageText('hash-d', 'utf-8', () => Buffer.alloc(0))).toBe(page(5));
  });

  it('decodes in the charset it was given, or sniffs one', () => {
    const gbk = Buffer.from([0xd5, 0xfe, 0xce, 0xf1, 0xb9, 0xab, 0xbf, 0xaa]);
    expect(pageText('hash-e', 'gb18030', () => gbk)).toBe('政务公开');
    expect(pageText('hash-e', undefined, () => gbk)).toBe('政务公开');
  });
});
