import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/** One member of a hand-built zip: its stored bytes and what its headers say about them. */
export interface ZipMember {
  name: string;
  method: number;
  data: Buffer;
  crc: number;
  /** The true inflated size. */
  size: number;
  /** What the headers claim instead (a lying bomb). */
  claimedSize?: number;
}

export function deflated(name: string, content: string | Buffer): ZipMember {
  const raw = Buffer.from(content);
  return { name, method: 8, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
}

export function stored(name: string, content: string | Buffer): ZipMember {
  const raw = Buffer.from(content);
  return { name, method: 0, data: raw, crc: crc32(raw), size: raw.length };
}

/** `bytes` zero bytes deflated, made 1 MiB at a time so the test never holds them inflated. */
export async function deflatedZeros(name: string, bytes: number): Promise<ZipMember> {
  const chunk = Buffer.alloc(1 << 20);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  for (let left = bytes; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return { name, method: 8, data: Buffer.concat(out), crc, size: bytes };
}

/** The parts that make a zip an XLSX package, around the given sheet XML member. */
export function xlsxMembers(sheet: ZipMember): ZipMember[] {
  return [
    deflated('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    deflated('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    deflated('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      + 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="登记表" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    deflated('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    sheet,
  ];
}

/** Sheet XML with inline strings, one `<row>` per array (up to 26 columns). */
export function sheetXml(rows: string[][]): string {
  const cell = (v: string, col: number, row: number) => `<c r="${String.fromCharCode(65 + col)}${row}" t="inlineStr"><is><t>${v}</t></is></c>`;
  return '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + rows.map((r, i) => `<row r="${i + 1}">${r.map((v, c) => cell(v, c, i + 1)).join('')}</row>`).join('') + '</sheetData></worksheet>';
}

/**
 * The zip bytes. `aliases` adds that many more central-directory records pointing at the last
 * member's data (entries sharing one compressed stream); `zip64` writes every central record with
 * its sizes and offset in the zip64 extra field, and a zip64 end record.
 */
export function zipArchive(members: ZipMember[], opts: { aliases?: number; zip64?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(m.method, 8);
    header.writeUInt32LE(m.crc >>> 0, 14);
    header.writeUInt32LE(m.data.length, 18);
    header.writeUInt32LE(m.claimedSize ?? m.size, 22);
    header.writeUInt16LE(name.length, 26);
    parts.push(header, name, m.data);
    central.push(centralRecord(m, name, offset, opts.zip64 === true));
    offset += header.length + name.length + m.data.length;
  }
  const lastMember = members.at(-1)!;
  const lastOffset = offset - (30 + Buffer.byteLength(lastMember.name) + lastMember.data.length);
  for (let i = 0; i < (opts.aliases ?? 0); i++) {
    central.push(centralRecord({ ...lastMember, name: `${lastMember.name}.${i}` }, Buffer.from(`${lastMember.name}.${i}`), lastOffset, opts.zip64 === true));
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = central.length;
  if (opts.zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
    return Buffer.concat([...parts, directory, record, locator, end]);
  }
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

function centralRecord(m: ZipMember, name: Buffer, offset: number, zip64: boolean): Buffer {
  const extra = Buffer.alloc(zip64 ? 28 : 0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(m.claimedSize ?? m.size), 4);
    extra.writeBigUInt64LE(BigInt(m.data.length), 12);
    extra.writeBigUInt64LE(BigInt(offset), 20);
  }
  const r = Buffer.alloc(46);
  r.writeUInt32LE(0x02014b50, 0);
  r.writeUInt16LE(zip64 ? 45 : 20, 4);
  r.writeUInt16LE(zip64 ? 45 : 20, 6);
  r.writeUInt16LE(0x0800, 8);
  r.writeUInt16LE(m.method, 10);
  r.writeUInt32LE(m.crc >>> 0, 16);
  r.writeUInt32LE(zip64 ? 0xffffffff : m.data.length, 20);
  r.writeUInt32LE(zip64 ? 0xffffffff : (m.claimedSize ?? m.size), 24);
  r.writeUInt16LE(name.length, 28);
  r.writeUInt16LE(extra.length, 30);
  r.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
  return Buffer.concat([r, name, extra]);
}
