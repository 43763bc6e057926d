import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openApp, type App } from '../../app.js';
import { ManualEntriesRepo } from '../../manual/entries-repo.js';
import { FormImportError, importAssessmentForm } from '../../manual/form-import.js';
import { FormConflictError } from '../../manual/form-conflicts.js';
import { resolveWho } from '../../manual/who.js';
import { addDays, shanghaiDate } from '../../time/dates.js';
import { loadDistrictFacts } from '../../store/district-facts.js';
import { scoreDistrict } from '../../scoring/score-district.js';
import { calendarFor } from '../../calendar/app-calendar.js';
import { enteredBy } from '../../../reports/weekly-context.js';
import { districtRanking } from '../../../reports/ranking.js';
import { configPath } from '../shared.js';
import { writeAssessmentForm, type FormInput } from '../../../reports/assessment-form.js';
import { terminalSafe } from '../../../reports/escape.js';

export async function formExportAction(opts: { unit?: string; all?: boolean; out?: string; asOf?: string }, cmd: Command): Promise<void> {
  if (Boolean(opts.unit) === Boolean(opts.all)) throw new Error('请指定 --unit <单位编号> 或 --all 之一');
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const asOf = opts.asOf ?? shanghaiDate(app.clock.now());
    const input = formInput(app, asOf, opts.unit);
    const who = opts.unit ? input.units[0].name : app.loaded.config.district.name;
    const file = resolve(opts.out ?? `考核表-${who.replace(/[\\/:*?"<>|]/g, '_')}-${app.loaded.scheme.year}.xlsx`);
    await writeAssessmentForm(file, input, { ranking: Boolean(opts.all) });
    const pending = input.units.filter((u) => u.assessment.pendingItems.length > 0).length;
    process.stdout.write(`已导出：${file}\n  ${input.units.length} 个单位${pending ? `，其中 ${pending} 个尚有待录入项（黄色单元格）` : ''}\n`);
  } finally {
    app.close();
  }
}

export async function formImportAction(file: string, opts: { by?: string; force?: boolean }, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  try {
    const { scheme, config } = app.loaded;
    const who = resolveWho(opts.by, process.env, config.district.operator);
    const result = await importAssessmentForm(resolve(file), {
      scheme, units: config.units, repo: new ManualEntriesRepo(app.db), who, now: app.clock.now(), force: opts.force,
    }).catch((err: unknown) => {
      if (err instanceof FormConflictError) {
        throw new Error(`表格导出后，系统中有 ${err.conflicts.length} 项已被修改，未导入任何内容（请重新导出表格填写；确认以表格为准请加 --force）：\n${err.message}`);
      }
      if (!(err instanceof FormImportError)) throw err;
      throw new Error(`表格有 ${err.problems.length} 处错误，未导入任何内容：\n${err.message}`);
    });
    const units = new Set(result.stored.map((e) => e.unitId)).size;
    process.stdout.write(`已导入：${terminalSafe(file)}（${result.sheets} 个单位工作表）\n  新增或变更 ${result.stored.length} 项（涉及 ${units} 个单位），未变化 ${result.unchanged} 项；录入人 ${terminalSafe(who)}\n`
      + (result.overridden ? `  其中 ${result.overridden} 项覆盖了表格导出后的修改（--force，已记入录入历史）\n` : ''));
  } finally {
    app.close();
  }
}

/**
 * Everything the form shows for the chosen units (all units are scored: bonus and rank compare them),
 * with the ranking's changes since a week before, scored as the weekly reports score it.
 */
export function formInput(app: App, asOf: string, unitId?: string): FormInput {
  const { config, scheme } = app.loaded;
  if (unitId && !config.units.some((u) => u.id === unitId)) throw new Error(`配置中没有编号为「${unitId}」的单位`);
  const { facts, manual } = loadDistrictFacts(app.db, config, asOf);
  const calendar = calendarFor(app.loaded);
  const scores = scoreDistrict(facts, scheme, calendar, manual, asOf);
  const weekBefore = addDays(asOf, -7);
  const previousAsOf = weekBefore >= config.district.period.start ? weekBefore : null;
  const previous = previousAsOf ? scoreDistrict(facts, scheme, calendar, enteredBy(manual, previousAsOf), previousAsOf).units : [];
  return {
    district: config.district.name, scheme, asOf, previousAsOf, exportedAt: app.clock.now(),
    ranking: districtRanking(scheme, scores.units, new Map(previous.map((u) => [u.id, u]))),
    units: scores.units
      .filter((s) => !unitId || s.id === unitId)
      .map((s) => ({ id: s.id, name: s.name, type: s.type, assessment: s, entries: scores.entries.get(s.id) ?? new Map() })),
  };
}
