import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { recordEntry } from '../src/manual/record.js';
import { importAssessmentForm } from '../src/manual/form-import.js';
import { FormConflictError } from '../src/manual/form-conflicts.js';
import type { ManualValue } from '../src/manual/values.js';
import { formInput } from '../src/cli/actions/form.js';
import { writeAssessmentForm } from '../reports/assessment-form.js';
import type { SettableClock } from '../src/time/clock.js';
import { ROOT } from './assessment-helpers.js';
import { tempDistrict } from './form-helpers.js';

let d: ReturnType<typeof tempDistrict>;
beforeEach(() => (d = tempDistrict()));
afterEach(() => d.cleanup());

const clock = () => d.app.clock as SettableClock;
const repo = () => new ManualEntriesRepo(d.app.db);
const entryCount = () => d.app.db.prepare('SELECT COUNT(*) FROM manual_entries').pluck().get() as number;

function record(unitId: string, itemNo: number, value: ManualValue, who = '张三') {
  const { scheme, config } = d.app.loaded;
  return recordEntry({ scheme, units: config.units, repo: repo(), who, now: clock().now(), source: 'cli' }, { unitId, itemNo, value, evidence: null });
}

async function exportForm(): Promise<string> {
  const file = join(d.dir, 'form.xlsx');
  await writeAssessmentForm(file, formInput(d.app, '2021-12-31'), { ranking: true });
  return file;
}

/** Edits cells by their hidden key (or the item row's version stamp), as an inspector or an old export would. */
async function edit(file: string, sheet: string, values: Record<string, string | number | null>, drop?: RegExp): Promise<Record<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells: Record<string, string> = {};
  wb.getWorksheet(sheet)!.eachRow((row, n) => {
    const key = row.getCell('H').value;
    if (typeof key !== 'string') return;
    if (key in values) row.getCell('F').value = values[key];
    if (drop?.test(key)) row.getCell('H').value = null;
    cells[key] = `F${n}`;
  });
  await wb.xlsx.writeFile(file);
  return cells;
}

const importAs = (file: string, force = false) => importAssessmentForm(file, {
  scheme: d.app.loaded.scheme, units: d.app.loaded.config.units, repo: repo(), who: '李四', now: clock().now(), force,
});

describe('form conflict rule', () => {
  it('refuses an old form that would undo a newer entry, listing sheet, cell, item, form value and current value; nothing is imported', async () => {
    record('town-a', 7, { points: 13, reason: '专区已建成，资料不全' });
    clock().set('2022-01-06T02:00:00Z');
    const file = await exportForm();
    clock().set('2022-01-08T03:00:00Z');
    record('town-a', 7, { points: 14, reason: '资料已补齐' }, '王五');
    record('dept-b', 8, { count: 1 }, '王五');
    clock().set('2022-01-10T02:00:00Z');
    // The inspector fills item 1 and leaves item 7 as exported (13); 乙局's item 8 is filled differently.
    const cells = await edit(file, '甲镇', { 'zwgk:met:1:分管领导': '是', 'zwgk:met:1:研究部署': '是', 'zwgk:met:1:协调解决': '否' });
    const dept = await edit(file, '乙局', { 'zwgk:count:8': 2 });
    const before = entryCount();

    const err = await importAs(file).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FormConflictError);
    expect((err as FormConflictError).conflicts.map((c) => c.message)).toEqual([
      `工作表「甲镇」 ${cells['zwgk:points:7']}：第7项「政务公开专区建设」表格中为「13 分（专区已建成，资料不全）」，系统当前为「14 分（资料已补齐）」（王五 2022-01-08 11:00 录入），表格导出（2022-01-06 10:00）后已修改`,
      `工作表「乙局」 ${dept['zwgk:count:8']}：第8项「政务新媒体工作」表格中为「2 次」，系统当前为「1 次」（王五 2022-01-08 11:00 录入），表格导出（2022-01-06 10:00）后已修改`,
    ]);
    expect(entryCount()).toBe(before);
    expect(repo().latest('yanjiang-2021').get('town-a')?.has(1)).toBe(false);
  });

  it('imports with --force, the form winning, and says so in each overriding entry', async () => {
    record('town-a', 7, { points: 13, reason: '专区已建成，资料不全' });
    const file = await exportForm();
    clock().advance(86_400_000);
    const newer = record('town-a', 7, { points: 14, reason: '资料已补齐' }, '王五');
    await edit(file, '甲镇', { 'zwgk:count:5': 2 });
    const result = await importAs(file, true);
    expect(result.overridden).toBe(1);
    expect(result.stored.map((e) => e.itemNo).sort()).toEqual([5, 7]);
    const seven = repo().history('yanjiang-2021', 'town-a', 7).at(-1)!;
    expect(seven.value).toEqual({ points: 13, reason: '专区已建成，资料不全' });
    expect(seven.source).toBe(`form:form.xlsx（--force 覆盖导出后的修改 #${newer.id}，表格导出于 2022-01-05T02:00:00.000Z）`);
    expect(result.stored.find((e) => e.itemNo === 5)!.source).toBe('form:form.xlsx');
  });

  it('accepts a change made after the export when the form already agrees, and a withdrawal is a conflict', async () => {
    record('town-a', 7, { points: 13, reason: '专区已建成，资料不全' });
    record('town-a', 8, { count: 1 });
    const file = await exportForm();
    clock().advance(3_600_000);
    record('town-a', 7, { points: 15, reason: '按标准建成' });
    record('town-a', 8, { cleared: true });
    const cells = await edit(file, '甲镇', { 'zwgk:points:7': 15, 'zwgk:reason:7': '按标准建成' });
    const err = await importAs(file).then(() => null, (e: unknown) => e) as FormConflictError;
    expect(err.conflicts.map((c) => [c.entry.itemNo, c.entry.cell])).toEqual([[8, cells['zwgk:count:8']]]);
    expect(err.conflicts[0].message).toContain('系统当前为已撤销录入');
    // Emptying item 8's cells leaves it as it is: no conflict, and item 7 equals the entry in force.
    await edit(file, '甲镇', { 'zwgk:count:8': null });
    const ok = await importAs(file);
    expect(ok.stored).toEqual([]);
    expect(ok.unchanged).toBe(1);
  });

  it('treats a form without version stamps (an older export) as unknown: refused where an entry exists', async () => {
    record('town-a', 7, { points: 13, reason: '专区已建成，资料不全' });
    const file = await exportForm();
    await edit(file, '甲镇', { 'zwgk:points:7': 12, 'zwgk:count:5': 2 }, /^zwgk:(version|exported):/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet('甲镇')!.getCell('H3').value = null;
    await wb.xlsx.writeFile(file);
    const err = await importAs(file).then(() => null, (e: unknown) => e) as FormConflictError;
    expect(err.conflicts.map((c) => c.entry.itemNo)).toEqual([7]);
    expect(err.conflicts[0].message).toContain('表格没有导出时间标记（旧版表格）');
  });

  it('zwgk form import exits 1 with the list, and --force imports and shows in the history', async () => {
    record('town-a', 7, { points: 13, reason: '专区已建成，资料不全' });
    const file = await exportForm();
    clock().advance(3_600_000);
    record('town-a', 7, { points: 14, reason: '资料已补齐' });
    d.app.close();
    const zwgk = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '-c', d.configFile, ...args], {
      encoding: 'utf8', env: { ...process.env, ZWGK_USER: '李四', ZWGK_NOW: '2022-01-07T02:00:00Z' }, cwd: ROOT, timeout: 60_000,
    });
    const refused = zwgk('form', 'import', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^zwgk: 表格导出后，系统中有 1 项已被修改，未导入任何内容（请重新导出表格填写；确认以表格为准请加 --force）：\n工作表「甲镇」 F\d+：第7项/);
    const forced = zwgk('form', 'import', file, '--force');
    expect(forced.stderr).toBe('');
    expect(forced.stdout).toContain('其中 1 项覆盖了表格导出后的修改（--force，已记入录入历史）');
    const history = zwgk('manual', 'history', '--unit', 'town-a', '--item', '7');
    expect(history.stdout).toContain('表格 form.xlsx（--force 覆盖导出后的修改 #2');
  }, 120_000);
});
