import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configSchema } from '../src/config/schema.js';
import { importRegister, RegisterError } from '../src/applications/import-register.js';
import { loadApplications } from '../src/store/district-facts.js';
import { checkZip, ZIP_LIMITS, ZipRefusedError } from '../src/files/zip-guard.js';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { FormImportError, importAssessmentForm } from '../src/manual/form-import.js';
import { tempDb } from './helpers.js';
import { tempDistrict } from './form-helpers.js';
import { deflated, deflatedZeros, sheetXml, stored, xlsxMembers, zipArchive, type ZipMember } from './zip-builder.js';

const ROOT = resolve(import.meta.dirname, '..');
const MiB = 1024 * 1024;
const config = configSchema.parse({
  district: { name: '测试区', period: { start: '2021-01-01', end: '2021-12-31' }, scheme: 's.yaml' },
  units: [{ id: 'edu', name: '区教育局', type: 'department' }],
});
const AT = new Date('2021-12-20T10:00:00Z');
const REGISTER = [['编号', '受理单位', '申请日期', '是否补正', '补正告知日期', '补正收到日期', '是否延期', '答复日期'], ['Z-1', '区教育局', '2021-03-01', '否', '', '', '否', '2021-03-29']];
const TOO_BIG = `解压后超过 64 MiB 的上限（可能是“压缩炸弹”），已拒绝读取`;

const dir = mkdtempSync(join(tmpdir(), 'zwgk-zip-'));
let bomb: ZipMember;
beforeAll(async () => { bomb = await deflatedZeros('xl/worksheets/sheet1.xml', 256 * MiB); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Imports the file as a register, expects a refusal, and checks nothing at all was stored. */
async function refusedRegister(path: string): Promise<string> {
  const t = tempDb();
  try {
    const err = await importRegister(t.db, path, config, AT).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegisterError);
    expect(loadApplications(t.db)).toEqual([]);
    expect(t.db.prepare('SELECT COUNT(*) FROM application_imports').pluck().get()).toBe(0);
    return (err as RegisterError).problems.map((p) => p.message).join('\n');
  } finally {
    t.cleanup();
  }
}

describe('XLSX zip guard: bombs are refused before exceljs unpacks anything', () => {
  it('refuses a 256 MiB run of zeros in a 260 KB .xlsx, with honest size headers', async () => {
    expect(bomb.data.length).toBeLessThan(300_000);
    const message = await refusedRegister(file('honest.xlsx', zipArchive(xlsxMembers(bomb))));
    expect(message).toBe(`文件「honest.xlsx」${TOO_BIG}`);
  });

  it('refuses the same bomb when its headers claim 1 KB, in plain and in zip64 records', async () => {
    const lying = { ...bomb, claimedSize: 1024 };
    expect(await refusedRegister(file('lying.xlsx', zipArchive(xlsxMembers(lying))))).toBe(`文件「lying.xlsx」${TOO_BIG}`);
    expect(await refusedRegister(file('lying64.xlsx', zipArchive(xlsxMembers(lying), { zip64: true })))).toBe(`文件「lying64.xlsx」${TOO_BIG}`);
  });

  it('counts every entry against one budget: 40 sheets of 2 MiB each are refused together', async () => {
    const sheet = await deflatedZeros('xl/worksheets/sheet.xml', 2 * MiB);
    const sheets = Array.from({ length: 40 }, (_, i) => ({ ...sheet, name: `xl/worksheets/sheet${i + 1}.xml` }));
    expect(await refusedRegister(file('many-sheets.xlsx', zipArchive([...xlsxMembers(sheets[0]), ...sheets.slice(1)])))).toBe(`文件「many-sheets.xlsx」${TOO_BIG}`);
  });

  it('refuses a zip of too many entries, and entries that share one compressed stream', async () => {
    const empty = Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => stored(`xl/media/${i}.bin`, ''));
    expect(await refusedRegister(file('entries.xlsx', zipArchive(empty)))).toBe(`文件「entries.xlsx」包含 5001 个压缩条目，超过 5000 个的上限，已拒绝读取`);
    const shared = await deflatedZeros('xl/worksheets/sheet1.xml', 16 * MiB);
    expect(await refusedRegister(file('overlap.xlsx', zipArchive(xlsxMembers(shared), { aliases: 8 }))))
      .toBe('文件「overlap.xlsx」的压缩条目相互重叠（可能是“压缩炸弹”），已拒绝读取');
  });

  it('refuses what is not a zip, an old or password-protected Excel file, a truncated zip and an oversized file, saying which', async () => {
    expect(await refusedRegister(file('text.xlsx', Buffer.from('编号,受理单位\n')))).toBe('文件「text.xlsx」不是有效的 .xlsx 文件（不是 ZIP 格式或已损坏），已拒绝读取');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    expect(await refusedRegister(file('protected.xlsx', ole))).toContain('是旧版 .xls 或设置了打开密码的 Excel 文件，请另存为未加密的 .xlsx');
    const good = zipArchive(xlsxMembers(deflated('xl/worksheets/sheet1.xml', sheetXml(REGISTER))));
    expect(await refusedRegister(file('cut.xlsx', good.subarray(0, good.length - 30)))).toContain('不是有效的 .xlsx 文件');
    const broken = Buffer.from(good);
    broken.fill(0x55, 40, 120); // inside the first member's deflate stream
    expect(await refusedRegister(file('broken.xlsx', broken))).toBe('文件「broken.xlsx」已损坏（条目“[Content_Types].xml”无法解压），已拒绝读取');
    const odd = zipArchive([{ ...deflated('\u001b[2J\u202Esheet.xml', '<x/>'), method: 12 }]);
    expect(await refusedRegister(file('bzip2.xlsx', odd))).toBe('文件「bzip2.xlsx」使用了不支持的压缩方式（条目“ [2J sheet.xml”，方式 12），已拒绝读取');
    const huge = file('huge.xlsx', Buffer.alloc(0));
    truncateSync(huge, 40 * MiB); // sparse: nothing is written, the size alone is refused
    expect(await refusedRegister(huge)).toBe('文件「huge.xlsx」有 40 MiB，超过 32 MiB 的上限，已拒绝读取');
  });

  it('lets a well-formed package through, zip64 included, and the register imports', async () => {
    for (const zip64 of [false, true]) {
      const path = file(`inline-${zip64}.xlsx`, zipArchive(xlsxMembers(deflated('xl/worksheets/sheet1.xml', sheetXml(REGISTER))), { zip64 }));
      const t = tempDb();
      expect(await importRegister(t.db, path, config, AT)).toMatchObject({ inserted: 1 });
      expect(loadApplications(t.db)).toEqual([expect.objectContaining({ code: 'Z-1', replied: '2021-03-29' })]);
      t.cleanup();
    }
    expect(() => checkZip(zipArchive([stored('a.txt', 'x'.repeat(100))]), 'tiny.zip', { ...ZIP_LIMITS, maxInflatedBytes: 99 })).toThrow(ZipRefusedError);
    expect(() => checkZip(zipArchive([stored('a.txt', 'x'.repeat(100))]), 'tiny.zip', { ...ZIP_LIMITS, maxInflatedBytes: 100 })).not.toThrow();
  });

  it('refuses a bomb given to zwgk form import, storing no entry', async () => {
    const d = tempDistrict();
    try {
      const repo = new ManualEntriesRepo(d.app.db);
      const ctx = { scheme: d.app.loaded.scheme, units: d.app.loaded.config.units, repo, who: '李四', now: d.app.clock.now() };
      const err = await importAssessmentForm(file('form-bomb.xlsx', zipArchive(xlsxMembers({ ...bomb, claimedSize: 2048 }))), ctx).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(FormImportError);
      expect((err as FormImportError).message).toBe(`工作表「form-bomb.xlsx」：文件「form-bomb.xlsx」${TOO_BIG}`);
      expect(repo.latest(d.app.loaded.scheme.id).size).toBe(0);
    } finally {
      d.cleanup();
    }
  });

  it('refuses the bomb in a CLI process whose heap is capped at 192 MB: a clear refusal, not a crash', () => {
    const home = mkdtempSync(join(dir, 'cli-'));
    writeFileSync(join(home, 'district.yaml'), `district:
  name: 测试区
  period: { start: 2021-01-01, end: 2021-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: data
units:
  - { id: edu, name: 区教育局, type: department }
`);
    const path = file('cli-bomb.xlsx', zipArchive(xlsxMembers(bomb)));
    const out = spawnSync(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '-c', join(home, 'district.yaml'), 'import', 'applications', path], {
      cwd: ROOT, encoding: 'utf8',
    });
    expect(out.signal).toBeNull();
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`共 1 处错误，未导入任何数据\n  文件「cli-bomb.xlsx」${TOO_BIG}`);
    expect(out.stderr).not.toMatch(/heap|memory/i);
  });
});
