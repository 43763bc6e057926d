import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { recordEntry } from '../src/manual/record.js';
import { FormImportError, importAssessmentForm } from '../src/manual/form-import.js';
import type { ManualValue } from '../src/manual/values.js';
import { scoreStored } from '../src/score-stored.js';
import { formInput } from '../src/cli/actions/form.js';
import { writeAssessmentForm } from '../reports/assessment-form.js';
import { libreOfficeConvert, parseCsv, tempDistrict } from './form-helpers.js';

const AS_OF = '2021-12-31';
const SEED_COLUMNS = ['序号', '考核项目', '赋分', '评分标准', '考核方式', '评分情况', '备注'];

let d: ReturnType<typeof tempDistrict>;
beforeEach(() => (d = tempDistrict()));
afterEach(() => d.cleanup());

function record(unitId: string, itemNo: number, value: ManualValue, evidence: string | null = null) {
  const { scheme, config } = d.app.loaded;
  return recordEntry(
    { scheme, units: config.units, repo: new ManualEntriesRepo(d.app.db), who: '张三', now: d.app.clock.now(), source: 'cli' },
    { unitId, itemNo, value, evidence },
  );
}

async function exportForm(name = 'form.xlsx'): Promise<string> {
  const file = join(d.dir, name);
  await writeAssessmentForm(file, formInput(d.app, AS_OF), { ranking: true });
  return file;
}

/** Sets the value cells of rows named by their hidden key, as an inspector filling the yellow cells would. */
async function fill(file: string, sheet: string, values: Record<string, string | number | null>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const left = new Set(Object.keys(values));
  ws.eachRow((row) => {
    const key = row.getCell('H').value;
    if (typeof key === 'string' && key in values) {
      row.getCell('F').value = values[key];
      left.delete(key);
    }
  });
  expect([...left]).toEqual([]);
  await wb.xlsx.writeFile(file);
}

function entryCount(): number {
  return d.app.db.prepare('SELECT COUNT(*) FROM manual_entries').pluck().get() as number;
}

describe('zwgk form export', () => {
  it('writes the district workbook that LibreOffice reads back: seed columns, scores, entries pre-filled, ranking sheet', async () => {
    record('town-a', 5, { count: 2 }, '活动方案及照片');
    record('town-a', 1, { met: ['分管领导', '研究部署'] });
    record('town-a', 12, { count: 2 }, '省通报两次');
    const sheets = libreOfficeConvert(await exportForm(), 'csv') as Map<string, string>;
    expect([...sheets.keys()].sort()).toEqual(['丙街道', '乙局', '排名', '甲镇'].sort());

    const town = parseCsv(sheets.get('甲镇')!);
    const at = (first: string) => town.find((r) => r[0] === first)!;
    const key = (k: string) => town.find((r) => r[7] === k)!;
    expect(town[0][0]).toBe('雁江区2021年度政务公开考核细则与评分标准');
    expect(town[0][7]).toBe('zwgk:unit:town-a');
    expect(town[1][0]).toContain('甲镇');
    expect(at('序号').slice(0, 7)).toEqual(SEED_COLUMNS);
    expect(at('5').slice(0, 3)).toEqual(['5', '“政务开放日”活动', '10']);
    expect(at('5')[5]).toBe('10');
    expect(at('1')[5]).toBe('3');
    expect(at('2')[5]).toBe('待录入');
    expect(at('12')[5]).toBe('-10');
    expect(at('9')[4]).toBe('日常考核、网上检查、资料查阅');
    expect(key('zwgk:count:5')[5]).toBe('2');
    expect(key('zwgk:evidence:5')[5]).toBe('活动方案及照片');
    expect(key('zwgk:met:1:分管领导')[5]).toBe('是');
    expect(key('zwgk:met:1:协调解决')[5]).toBe('否');
    expect(key('zwgk:met:2:工作机构')[5]).toBe('');
    expect(town.find((r) => r[3] === '总分')![5]).toBe(String(scoreStored(d.app, AS_OF).units.find((u) => u.id === 'town-a')!.total));
    expect(town.find((r) => r[3] === '状态')![5]).toMatch(/^暂定（待录入：第2、3、4、6、7、8、10、11项）$/);

    const dept = parseCsv(sheets.get('乙局')!);
    expect(dept.find((r) => r[0] === '6')![5]).toBe('不适用（按比例折算）');
    expect(dept.some((r) => r[7] === 'zwgk:count:6')).toBe(false);
    expect(dept.some((r) => r[7] === 'zwgk:points:5') && dept.some((r) => r[7] === 'zwgk:reason:5')).toBe(true);
    expect(dept.some((r) => r[7] === 'zwgk:met:3:领域目录') && !dept.some((r) => r[7] === 'zwgk:met:3:基层目录')).toBe(true);

    const ranking = parseCsv(sheets.get('排名')!);
    expect(ranking[2].slice(0, 13)).toEqual(['排名', '单位', '类型', '基础分', '加分', '减分', '总分', '总分较上周', '名次变化', '第9项', '第9项较上周', '状态', '待录入项']);
    // Every total is provisional (entries missing): none is ranked, and item 9 is ranked on its own below.
    const townRow = ranking.find((r) => r[1] === '甲镇')!;
    expect([townRow[0], townRow[5], townRow[11]]).toEqual(['—', '-10', '暂定']);
    expect(ranking.some((r) => r[0].startsWith('总分暂定'))).toBe(true);
    expect(ranking.some((r) => r[0].startsWith('第9项「政务信息公开」单独排名'))).toBe(true);
    expect(ranking.filter((r) => r[1] === '甲镇')).toHaveLength(2);
  });

  it('locks the sheet except the input cells', async () => {
    const file = await exportForm();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('甲镇')!;
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    let inputs = 0;
    ws.eachRow((row) => {
      const key = row.getCell('H').value;
      const locked = row.getCell('F').protection?.locked !== false;
      if (typeof key === 'string' && /^zwgk:(met|count|points|reason|evidence):/.test(key)) {
        inputs++;
        expect(locked, key).toBe(false);
      } else expect(locked).toBe(true);
    });
    expect(inputs).toBeGreaterThan(20);

    const single = join(d.dir, 'one.xlsx');
    await writeAssessmentForm(single, formInput(d.app, AS_OF, 'dept-b'), { ranking: false });
    const one = new ExcelJS.Workbook();
    await one.xlsx.readFile(single);
    expect(one.worksheets.map((w) => w.name)).toEqual(['乙局']);
    expect(one.worksheets[0].getCell('H1').value).toBe('zwgk:unit:dept-b');
  });
});

describe('zwgk form import', () => {
  it('imports a form filled in and saved by LibreOffice; the latest entry wins and unchanged cells are not stored again', async () => {
    record('town-a', 5, { count: 1 });
    const file = await exportForm();
    await fill(file, '甲镇', {
      'zwgk:count:5': 2, 'zwgk:evidence:5': '第二次开放日照片',
      'zwgk:met:2:工作机构': '是', 'zwgk:met:2:专职人员': '否', 'zwgk:met:2:经费保证': '是',
      'zwgk:points:7': 12.5, 'zwgk:reason:7': '查阅点未配备电脑',
      'zwgk:count:12': 0,
    });
    await fill(file, '乙局', { 'zwgk:points:5': 8, 'zwgk:reason:5': '主要领导进大厅 2 次', 'zwgk:count:8': 1 });
    const saved = libreOfficeConvert(file, 'xlsx') as string;
    const repo = new ManualEntriesRepo(d.app.db);
    const ctx = { scheme: d.app.loaded.scheme, units: d.app.loaded.config.units, repo, who: '李四', now: d.app.clock.now() };
    const result = await importAssessmentForm(saved, ctx);
    expect(result.sheets).toBe(3);
    expect(result.unchanged).toBe(0);
    expect(result.stored.map((e) => `${e.unitId}:${e.itemNo}`).sort()).toEqual(['dept-b:5', 'dept-b:8', 'town-a:12', 'town-a:2', 'town-a:5', 'town-a:7']);
    const five = result.stored.find((e) => e.unitId === 'town-a' && e.itemNo === 5)!;
    expect(five).toMatchObject({ value: { count: 2 }, evidence: '第二次开放日照片', enteredBy: '李四', enteredAt: '2022-01-05T02:00:00.000Z', source: 'form:form.xlsx' });
    expect(repo.history('yanjiang-2021', 'town-a', 5).map((e) => e.value)).toEqual([{ count: 1 }, { count: 2 }]);

    const [town, dept] = scoreStored(d.app, AS_OF).units.filter((u) => u.id === 'town-a' || u.id === 'dept-b');
    expect(town.items.find((i) => i.no === 2)!.points).toBe(2);
    expect(town.items.find((i) => i.no === 5)!.points).toBe(10);
    expect(town.items.find((i) => i.no === 7)!.points).toBe(12.5);
    expect(dept.items.find((i) => i.no === 5)!).toMatchObject({ points: 8, detail: '评议 8 分：主要领导进大厅 2 次' });
    expect(dept.items.find((i) => i.no === 8)!.points).toBe(4);

    const again = await importAssessmentForm(saved, ctx);
    expect(again.stored).toEqual([]);
    expect(again.unchanged).toBe(6);
  });

  it('imports nothing when any cell is wrong, listing sheet, cell and reason for each', async () => {
    const file = await exportForm();
    await fill(file, '甲镇', {
      'zwgk:count:5': 2,
      'zwgk:count:6': '两次',
      'zwgk:met:1:分管领导': '是', 'zwgk:met:1:研究部署': '也许', 'zwgk:met:1:协调解决': null,
      'zwgk:points:7': 16, 'zwgk:reason:7': '已建成',
    });
    await fill(file, '乙局', { 'zwgk:points:10': 9, 'zwgk:reason:10': null, 'zwgk:count:12': -1 });
    const before = entryCount();
    const ctx = { scheme: d.app.loaded.scheme, units: d.app.loaded.config.units, repo: new ManualEntriesRepo(d.app.db), who: '李四', now: d.app.clock.now() };
    const err = await importAssessmentForm(file, ctx).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FormImportError);
    const problems = (err as FormImportError).problems.map((p) => `${p.sheet} ${p.cell} ${p.message}`);
    const row = async (sheet: string, key: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      let found = 0;
      wb.getWorksheet(sheet)!.eachRow((r, n) => { if (r.getCell('H').value === key) found = n; });
      return `F${found}`;
    };
    expect(problems).toEqual([
      `甲镇 ${await row('甲镇', 'zwgk:met:1:研究部署')} 第1项「组织领导」的评分标准「研究部署」应填“是”或“否”，收到「也许」`,
      `甲镇 ${await row('甲镇', 'zwgk:met:1:协调解决')} 第1项「组织领导」的评分标准「协调解决」未填写，请填“是”或“否”`,
      `甲镇 ${await row('甲镇', 'zwgk:count:6')} 第6项「“政务协商”活动」的次数应为不小于 0 的整数，收到「两次」`,
      `甲镇 ${await row('甲镇', 'zwgk:points:7')} 第7项「政务公开专区建设」的得分 16 超过赋分 15`,
      `乙局 ${await row('乙局', 'zwgk:reason:10')} 第10项「日常任务完成」为评议打分，必须填写评分理由`,
      `乙局 ${await row('乙局', 'zwgk:count:12')} 第12项「减分项」的次数应为不小于 0 的整数，收到「-1」`,
    ]);
    expect((err as Error).message.split('\n')[0]).toMatch(/^工作表「甲镇」 F\d+：/);
    expect(entryCount()).toBe(before);
  });

  it('refuses a form made for another scheme or another district', async () => {
    const file = await exportForm();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet('甲镇')!.getCell('H2').value = 'zwgk:scheme:yanjiang-2020';
    wb.getWorksheet('乙局')!.getCell('H1').value = 'zwgk:unit:nowhere';
    await wb.xlsx.writeFile(file);
    const ctx = { scheme: d.app.loaded.scheme, units: d.app.loaded.config.units, repo: new ManualEntriesRepo(d.app.db), who: '李四', now: d.app.clock.now() };
    const err = (await importAssessmentForm(file, ctx).catch((e: unknown) => e)) as FormImportError;
    expect(err.problems.map((p) => `${p.sheet} ${p.cell} ${p.message}`)).toEqual([
      '甲镇 H2 此表按考核方案「yanjiang-2020」生成，当前考核方案为「yanjiang-2021」，请重新导出',
      '乙局 H1 配置中没有编号为「nowhere」的单位',
    ]);
  });
});
