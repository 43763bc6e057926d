import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { configSchema } from '../src/config/schema.js';
import { importRegister, RegisterError } from '../src/applications/import-register.js';
import { loadApplications } from '../src/store/district-facts.js';
import { tempDb } from './helpers.js';

const config = configSchema.parse({
  district: { name: '测试区', period: { start: '2021-01-01', end: '2021-12-31' }, scheme: 's.yaml' },
  units: [
    { id: 'edu', name: '区教育局', type: 'department', aliases: ['雁江区教育局'] },
    { id: 'housing', name: '区住建局', type: 'department' },
  ],
  applications: { headers: { replied: ['答复告知日期'] } },
});
const AT = new Date('2021-12-20T10:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'zwgk-register-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = '编号,受理单位,申请日期,是否补正,补正告知日期,补正收到日期,是否延期,答复日期';

describe('applications register import', () => {
  it('imports a UTF-8 CSV and updates cases by 编号 on re-import, never duplicating them', async () => {
    const t = tempDb();
    const first = file('register.csv', `\uFEFF${HEADER}\r\nYS-001,区教育局,2021-03-01,否,,,否,2021-03-29\r\nYS-002,雁江区教育局,2021-04-01,是,2021-04-06,2021-05-10,否,\r\n"YS-003","区住建局","2021-09-01","否","","","是","2021-10-29"\r\n`);
    expect(await importRegister(t.db, first, config, AT)).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0, encoding: 'utf-8' });
    expect(loadApplications(t.db).find((c) => c.code === 'YS-002')).toEqual({
      code: 'YS-002', unitName: '雁江区教育局', received: '2021-04-01', correction: true, correctionNotice: '2021-04-06',
      correctionReceived: '2021-05-10', extended: false, replied: null,
    });

    const updated = file('register-2.csv', `${HEADER}\nYS-001,区教育局,2021-03-01,否,,,否,2021-03-29\nYS-002,雁江区教育局,2021-04-01,是,2021-04-06,2021-05-10,否,2021-06-04\nYS-004,区住建局,2021-11-01,否,,,否,\n`);
    expect(await importRegister(t.db, updated, config, AT)).toMatchObject({ rows: 3, inserted: 1, updated: 1, unchanged: 1 });
    const cases = loadApplications(t.db);
    expect(cases.map((c) => c.code).sort()).toEqual(['YS-001', 'YS-002', 'YS-003', 'YS-004']);
    expect(cases.find((c) => c.code === 'YS-002')!.replied).toBe('2021-06-04');
    expect(t.db.prepare('SELECT COUNT(*) FROM application_imports').pluck().get()).toBe(2);
    t.cleanup();
  });

  it('reads a GBK CSV with other usual headers and date formats', async () => {
    const t = tempDb();
    const text = '申请编号,承办单位,收到申请日期,需补正,补正通知日期,收到补正日期,延期答复,答复告知日期\r\n'
      + 'G-1,区住建局,2021/3/1,否,,,否,2021年3月29日\r\n'
      + 'G-2,区 教育局,20210401,是,2021.4.6,2021-05-10 09:30,Y,2021-06-04\r\n';
    const path = file('register-gbk.csv', iconv.encode(text, 'gbk'));
    expect(await importRegister(t.db, path, config, AT)).toMatchObject({ inserted: 2, encoding: 'gb18030' });
    expect(loadApplications(t.db)).toEqual([
      { code: 'G-1', unitName: '区住建局', received: '2021-03-01', correction: false, correctionNotice: null, correctionReceived: null, extended: false, replied: '2021-03-29' },
      { code: 'G-2', unitName: '区 教育局', received: '2021-04-01', correction: true, correctionNotice: '2021-04-06', correctionReceived: '2021-05-10', extended: true, replied: '2021-06-04' },
    ]);
    t.cleanup();
  });

  it('reads an XLSX export with date cells, text dates and Excel serial numbers', async () => {
    const t = tempDb();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('依申请公开登记');
    ws.addRow(['序号', '编号', '受理单位', '申请日期', '是否补正', '补正告知日期', '补正收到日期', '是否延期', '答复日期', '备注']);
    ws.addRow([1, 'X-1', '区教育局', new Date(Date.UTC(2021, 2, 1)), '否', null, null, '否', new Date(Date.UTC(2021, 2, 29)), '']);
    ws.addRow([2, 'X-2', '区住建局', '2021-09-01', '否', null, null, '是', 44498, '延期一次']); // 44498 = 2021-10-29
    const path = join(dir, 'register.xlsx');
    await wb.xlsx.writeFile(path);
    expect(await importRegister(t.db, path, config, AT)).toMatchObject({ inserted: 2 });
    expect(loadApplications(t.db).map((c) => [c.code, c.received, c.extended, c.replied])).toEqual([
      ['X-1', '2021-03-01', false, '2021-03-29'], ['X-2', '2021-09-01', true, '2021-10-29'],
    ]);
    t.cleanup();
  });

  it('rejects a broken file whole, listing every error by row and column, and stores nothing', async () => {
    const t = tempDb();
    const good = file('good.csv', `${HEADER}\nYS-001,区教育局,2021-03-01,否,,,否,\n`);
    await importRegister(t.db, good, config, AT);
    const broken = file('broken.csv', [
      HEADER,
      'YS-001,区教育局,2021-03-01,否,,,否,2021-03-29',
      'YS-010,区教育局,2021-02-30,否,,,否,2021-03-29',
      'YS-011,区财政局,2021-03-01,否,,,否,2021-03-29',
      'YS-012,区住建局,2021-03-10,否,,,否,2021-03-05',
      'YS-001,区住建局,2021-03-10,否,,,否,2021-03-20',
      'YS-013,区住建局,2021-03-10,也许,,,否,2021-03-20',
      'YS-014,区住建局,2021-03-10,是,,2021-03-15,否,2021-03-20',
      ',区住建局,2021-03-10,否,,,否,',
    ].join('\n'));
    let error: RegisterError | undefined;
    try {
      await importRegister(t.db, broken, config, AT);
    } catch (err) {
      error = err as RegisterError;
    }
    expect(error).toBeInstanceOf(RegisterError);
    expect(error!.problems).toEqual([
      { row: 3, column: '申请日期', message: '不是有效日期（应为 2021-03-05 这样的日期），收到“2021-02-30”' },
      { row: 4, column: '受理单位', message: '“区财政局”不是配置中的单位名称或别名' },
      { row: 5, column: '答复日期', message: '答复日期 2021-03-05 早于申请日期 2021-03-10' },
      { row: 6, column: '编号', message: '编号“YS-001”与第 2 行重复' },
      { row: 7, column: '是否补正', message: '应填“是”或“否”，收到“也许”' },
      { row: 8, column: '补正告知日期', message: '“是否补正”为“是”时应填写补正告知日期' },
      { row: 9, column: '编号', message: '缺少编号' },
    ]);
    expect(error!.message).toContain('共 7 处错误，未导入任何数据');
    expect(error!.message).toContain('第 4 行，“受理单位”列：“区财政局”不是配置中的单位名称或别名');
    // The good row YS-001 in the broken file did not update the stored case either.
    expect(loadApplications(t.db)).toEqual([expect.objectContaining({ code: 'YS-001', replied: null })]);
    expect(t.db.prepare('SELECT COUNT(*) FROM application_imports').pluck().get()).toBe(1);

    const noColumn = file('no-column.csv', '编号,受理单位,申请日期\nA,区教育局,2021-03-01\n');
    await expect(importRegister(t.db, noColumn, config, AT)).rejects.toThrow('缺少“答复日期”列');
    t.cleanup();
  });
});

async function xlsx(name: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('登记表');
  for (const r of rows) ws.addRow(r);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const NO_EXTENSION = '缺少列「是否延期」：无法判断各件是否延期；超过法定期限、未超过延期后期限答复的件不计入按时答复的统计，不扣分';
const NO_CORRECTION = '缺少列「是否补正」「补正告知日期」「补正收到日期」：按各件均无需补正计算';

describe('a register missing optional columns', () => {
  it('imports a UTF-8 CSV without 是否延期 as extension unknown, with a warning naming the column', async () => {
    const t = tempDb();
    const path = file('no-extension.csv', '\uFEFF编号,受理单位,申请日期,是否补正,补正告知日期,补正收到日期,答复日期\r\nE-1,区教育局,2021-03-01,否,,,2021-03-29\r\nE-2,区住建局,2021-04-01,是,2021-04-06,2021-05-10,2021-06-04\r\n');
    const r = await importRegister(t.db, path, config, AT);
    expect(r).toMatchObject({ inserted: 2, warnings: [NO_EXTENSION] });
    expect(loadApplications(t.db).map((c) => [c.code, c.extended, c.correction, c.correctionReceived])).toEqual([
      ['E-1', null, false, null], ['E-2', null, true, '2021-05-10'],
    ]);
    t.cleanup();
  });

  it('reads a GBK CSV without 是否补正 from its correction dates, saying what it assumed for each missing column', async () => {
    const t = tempDb();
    const text = '申请编号,承办单位,收到申请日期,补正通知日期,答复日期\r\nG-1,区住建局,2021/3/1,,2021/3/29\r\nG-2,区教育局,2021/4/1,2021/4/6,\r\n';
    const r = await importRegister(t.db, file('no-correction-flag-gbk.csv', iconv.encode(text, 'gbk')), config, AT);
    expect(r.encoding).toBe('gb18030');
    expect(r.warnings).toEqual([
      '缺少列「是否补正」：填写了补正日期的件按需补正计算，其余按无需补正计算',
      '缺少列「补正收到日期」：需补正的件按尚未收到补正计算（不计入按时答复的统计）',
      NO_EXTENSION,
    ]);
    expect(loadApplications(t.db).map((c) => [c.code, c.correction, c.correctionNotice, c.correctionReceived, c.extended])).toEqual([
      ['G-1', false, null, null, null], ['G-2', true, '2021-04-06', null, null],
    ]);
    t.cleanup();
  });

  it('takes 是否补正 = 是 without a notice date when the register has no 补正告知日期 column', async () => {
    const t = tempDb();
    const path = file('no-notice.csv', '编号,受理单位,申请日期,是否补正,补正收到日期,是否延期,答复日期\nN-1,区教育局,2021-03-01,是,2021-03-20,否,2021-04-09\n');
    const r = await importRegister(t.db, path, config, AT);
    expect(r.warnings).toEqual(['缺少列「补正告知日期」：按未填写补正告知日期计算，不检查补正告知是否及时']);
    expect(loadApplications(t.db)).toEqual([expect.objectContaining({ code: 'N-1', correction: true, correctionNotice: null, correctionReceived: '2021-03-20' })]);
    t.cleanup();
  });

  it('imports an XLSX with only the required columns, and a GBK CSV too', async () => {
    const t = tempDb();
    const path = await xlsx('required-only.xlsx', [['受理编号', '受理机关', '申请日期', '办结日期'], ['X-1', '区教育局', new Date(Date.UTC(2021, 2, 1)), '2021-03-29']]);
    expect(await importRegister(t.db, path, config, AT)).toMatchObject({ inserted: 1, warnings: [NO_CORRECTION, NO_EXTENSION] });
    const gbk = file('required-only-gbk.csv', iconv.encode('编号,受理单位,申请日期,答复日期\r\nX-2,区住建局,2021-05-06,\r\n', 'gbk'));
    expect(await importRegister(t.db, gbk, config, AT)).toMatchObject({ inserted: 1, encoding: 'gb18030', warnings: [NO_CORRECTION, NO_EXTENSION] });
    expect(loadApplications(t.db).map((c) => [c.code, c.correction, c.extended, c.replied])).toEqual([['X-1', false, null, '2021-03-29'], ['X-2', false, null, null]]);
    t.cleanup();
  });

  it('still refuses a register missing a required column, naming it, in CSV (UTF-8 and GBK) and XLSX, storing nothing', async () => {
    const t = tempDb();
    const files = [
      file('no-unit.csv', '编号,申请日期,是否延期,答复日期\nA,2021-03-01,否,2021-03-05\n'),
      file('no-unit-gbk.csv', iconv.encode('编号,申请日期,是否延期,答复日期\r\nA,2021-03-01,否,2021-03-05\r\n', 'gbk')),
      await xlsx('no-unit.xlsx', [['编号', '申请日期', '是否延期', '答复日期'], ['A', '2021-03-01', '否', '2021-03-05']]),
    ];
    for (const path of files) {
      const err = await importRegister(t.db, path, config, AT).then(() => null, (e: unknown) => e as RegisterError);
      expect(err).toBeInstanceOf(RegisterError);
      expect(err!.problems).toEqual([{ row: null, column: null, message: expect.stringMatching(/^缺少“受理单位”列（可用的列名：受理单位、受理机关/) }]);
    }
    expect(t.db.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(0);
    expect(t.db.prepare('SELECT COUNT(*) FROM application_imports').pluck().get()).toBe(0);
    t.cleanup();
  });

  it('zwgk import applications prints each assumption as a warning', () => {
    const root = resolve(import.meta.dirname, '..');
    const home = mkdtempSync(join(dir, 'cli-'));
    writeFileSync(join(home, 'district.yaml'), `district:
  name: 测试区
  period: { start: 2021-01-01, end: 2021-12-31 }
  scheme: ${join(root, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: data
units:
  - { id: edu, name: 区教育局, type: department }
`);
    const path = file('cli-no-extension.csv', '编号,受理单位,申请日期,是否补正,补正告知日期,补正收到日期,答复日期\nC-1,区教育局,2021-03-01,否,,,2021-03-29\n');
    const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), '-c', join(home, 'district.yaml'), 'import', 'applications', path], { cwd: root, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stderr).toBe(`警告：${NO_EXTENSION}\n`);
    expect(out.stdout).toContain('已导入 1 件依申请公开：新增 1 件');
  });
});
