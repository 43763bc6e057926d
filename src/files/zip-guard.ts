import { inflateRawSync } from 'node:zlib';
import { terminalSafe } from '../../reports/escape.js';

const MiB = 1024 * 1024;

/** What an XLSX (a zip) may hold before anything unpacks it; far above any register or assessment form. */
export const ZIP_LIMITS = {
  /** The file itself. */
  maxFileBytes: 32 * MiB,
  /** All entries together once inflated, whatever the headers claim. */
  maxInflatedBytes: 64 * MiB,
  maxEntries: 5000,
};
export type ZipLimits = typeof ZIP_LIMITS;

/** A file refused before it was unpacked; the message (Chinese) names the file and the limit. */
export class ZipRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipRefusedError';
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const mib = (n: number) => `${Math.round((n / MiB) * 10) / 10} MiB`;

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  /** The inflated size the headers claim. */
  size: number;
  offset: number;
}

/**
 * Reads the zip's central directory and inflates every entry against one budget, so that a zip bomb
 * (tiny file, gigabytes unpacked, headers lying or not, many entries, entries sharing data) is refused
 * after at most `maxInflatedBytes` of output. Throws ZipRefusedError; returns when the file is safe to unpack.
 */
export function checkZip(bytes: Buffer, name: string, limits: ZipLimits = ZIP_LIMITS): void {
  const refuse = refuser(name);
  checkZipFileSize(bytes.length, name, limits);
  if (bytes.subarray(0, OLE.length).equals(OLE)) refuse('是旧版 .xls 或设置了打开密码的 Excel 文件，请另存为未加密的 .xlsx');
  const entries = centralDirectory(bytes, limits, refuse);
  // Entries whose data overlaps would have the same bytes inflated many times.
  if (entries.reduce((n, e) => n + e.compressed, 0) > bytes.length) refuse('的压缩条目相互重叠（可能是“压缩炸弹”）');
  const tooBig = () => refuse(`解压后超过 ${mib(limits.maxInflatedBytes)} 的上限（可能是“压缩炸弹”）`);
  // Honest headers are believed at once; lying ones are caught by inflating against the budget.
  if (entries.reduce((n, e) => n + e.size, 0) > limits.maxInflatedBytes) tooBig();
  let budget = limits.maxInflatedBytes;
  for (const e of entries) {
    if (e.flags & 1) refuse('已加密，请另存为未加密的 .xlsx');
    const data = entryData(bytes, e, refuse);
    if (e.method === 0) budget -= data.length;
    else if (e.method === 8) {
      try {
        budget -= inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') budget = -1;
        else refuse(`已损坏（条目“${e.name}”无法解压）`);
      }
    } else refuse(`使用了不支持的压缩方式（条目“${e.name}”，方式 ${e.method}）`);
    if (budget < 0) tooBig();
  }
}

/** Refuses a file too large to be read into memory at all (call before reading it). */
export function checkZipFileSize(size: number, name: string, limits: ZipLimits = ZIP_LIMITS): void {
  if (size > limits.maxFileBytes) refuser(name)(`有 ${mib(size)}，超过 ${mib(limits.maxFileBytes)} 的上限`);
}

function refuser(name: string): (why: string) => never {
  return (why) => {
    throw new ZipRefusedError(`文件「${name}」${why}，已拒绝读取`);
  };
}

function centralDirectory(bytes: Buffer, limits: ZipLimits, refuse: (why: string) => never): Entry[] {
  const notZip = () => refuse('不是有效的 .xlsx 文件（不是 ZIP 格式或已损坏）');
  const end = bytes.lastIndexOf(u32(EOCD));
  if (end < 0 || end + 22 > bytes.length) return notZip();
  let count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR) return notZip();
    const at = safeNumber(bytes.readBigUInt64LE(locator + 8));
    if (at + 56 > bytes.length || bytes.readUInt32LE(at) !== ZIP64_EOCD) return notZip();
    count = safeNumber(bytes.readBigUInt64LE(at + 32));
    offset = safeNumber(bytes.readBigUInt64LE(at + 48));
  }
  if (count > limits.maxEntries) refuse(`包含 ${count} 个压缩条目，超过 ${limits.maxEntries} 个的上限`);
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) return notZip();
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const entry: Entry = {
      // Shown in refusals: the file is untrusted, its names too.
      name: terminalSafe(bytes.toString('utf8', p + 46, Math.min(bytes.length, p + 46 + Math.min(nameLength, 120)))),
      flags: bytes.readUInt16LE(p + 8),
      method: bytes.readUInt16LE(p + 10),
      compressed: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      offset: bytes.readUInt32LE(p + 42),
    };
    if (entry.compressed === 0xffffffff || entry.size === 0xffffffff || entry.offset === 0xffffffff) {
      zip64Sizes(bytes, p + 46 + nameLength, extraLength, entry);
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

/** The zip64 extra field holds, in this order, only the values the central record marks 0xFFFFFFFF. */
function zip64Sizes(bytes: Buffer, extra: number, length: number, entry: Entry): void {
  for (let p = extra; p + 4 <= extra + length && p + 4 <= bytes.length;) {
    const id = bytes.readUInt16LE(p);
    const size = bytes.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        const v = q + 8 <= bytes.length ? safeNumber(bytes.readBigUInt64LE(q)) : Number.MAX_SAFE_INTEGER;
        q += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressed === 0xffffffff) entry.compressed = next();
      if (entry.offset === 0xffffffff) entry.offset = next();
      return;
    }
    p += 4 + size;
  }
}

function entryData(bytes: Buffer, e: Entry, refuse: (why: string) => never): Buffer {
  const corrupt = () => refuse(`已损坏（条目“${e.name}”的位置不对）`);
  if (e.offset + 30 > bytes.length || bytes.readUInt32LE(e.offset) !== LOCAL) return corrupt();
  const start = e.offset + 30 + bytes.readUInt16LE(e.offset + 26) + bytes.readUInt16LE(e.offset + 28);
  if (start + e.compressed > bytes.length) return corrupt();
  return bytes.subarray(start, start + e.compressed);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function safeNumber(n: bigint): number {
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}
