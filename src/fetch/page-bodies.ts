import { decodeAs, sniffCharset } from './charset.js';

/**
 * Memory for response bodies. A crawl reads tens of thousands of ~50 KB pages; a fresh buffer per page
 * is garbage that V8 only frees at a full collection (measured: 25–60 MB of dead buffers at any time),
 * and a decoded text per page kept by the column walkers that wait for their next page would keep
 * every page alive past the young generation. So list-page-sized bodies go into reused slots, and only
 * the latest page's bytes or text stay in memory; an older page's text is read back from the evidence
 * store.
 */
const SLOT_BYTES = 64 * 1024;
const MAX_FREE_SLOTS = 64;
const slots = new WeakSet<ArrayBuffer>();
const freeSlots: ArrayBuffer[] = [];

/** A buffer of `size` bytes to copy a body into: a reused slot when it fits, else a new one. */
export function bodyBuffer(size: number): Buffer {
  if (size > SLOT_BYTES) return Buffer.allocUnsafe(size);
  let slot = freeSlots.pop();
  if (!slot) {
    slot = new ArrayBuffer(SLOT_BYTES);
    slots.add(slot);
  }
  return Buffer.from(slot, 0, size);
}

function release(raw: Buffer): void {
  const slot = raw.buffer as ArrayBuffer;
  if (slots.has(slot) && freeSlots.length < MAX_FREE_SLOTS && !freeSlots.includes(slot)) freeSlots.push(slot);
}

/** The latest page: its bytes until its text is first read, then the text. */
let latest: { key: string; charset: string | undefined; raw?: Buffer; text?: string } | undefined;

function retire(): void {
  if (latest?.raw) release(latest.raw);
  latest = undefined;
}

function textKey(evidence: string, charset: string | undefined): string {
  return `${evidence} ${charset ?? ''}`;
}

/**
 * Makes a just-fetched body the latest page. The caller hands the buffer over: it may be reused as
 * soon as another page becomes the latest, so it must be stored (compressed) before this call.
 */
export function keepLatest(evidence: string, charset: string, raw: Buffer): void {
  retire();
  latest = { key: textKey(evidence, charset), charset, raw };
}

/**
 * The text of a stored body in `charset` (sniffed from the bytes when unknown): from the latest page
 * when it is that body, else decoded from `load()`, which then becomes the latest.
 */
export function pageText(evidence: string, charset: string | undefined, load: () => Buffer): string {
  const key = textKey(evidence, charset);
  if (latest?.key !== key) {
    retire();
    latest = { key, charset, raw: load() };
  }
  if (latest.text === undefined) {
    const raw = latest.raw ?? Buffer.alloc(0);
    latest.text = decodeAs(raw, latest.charset ?? sniffCharset(raw, undefined));
    release(raw);
    latest.raw = undefined;
  }
  return latest.text;
}
