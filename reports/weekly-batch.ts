import type { App } from '../src/app.js';
import { buildWeeklyContext, type WeeklyContext } from './weekly-context.js';
import { weeklyUnitReport, type WeeklyUnitReport } from './weekly-unit.js';
import { officeSummary, type OfficeSummary } from './office-summary.js';
import { unitForm, type FormFile } from './form-attachment.js';

export interface WeeklyBatch {
  ctx: WeeklyContext;
  /** The chosen units' reports, each with its form when one could be made. */
  units: { report: WeeklyUnitReport; form: FormFile | null }[];
  summary: OfficeSummary;
}

/** The week's reports: every unit is scored (the summary ranks them all), the chosen ones get a report and form. */
export async function buildWeeklyBatch(
  app: App, asOf: string, opts: { unitIds?: string[]; extra?: Parameters<typeof officeSummary>[2] } = {},
): Promise<WeeklyBatch> {
  const ctx = buildWeeklyContext(app, asOf);
  const reports = ctx.units.map((u) => weeklyUnitReport(ctx, u.id));
  const units: WeeklyBatch['units'] = [];
  for (const report of reports) {
    if (opts.unitIds && !opts.unitIds.includes(report.unit.id)) continue;
    const form = app.loaded.config.mail.attachForm ? await unitForm(app, ctx.now.get(report.unit.id)!, ctx.entries.get(report.unit.id) ?? new Map(), asOf) : { missing: '按配置不附考核表' };
    report.attachment = 'filename' in form ? { filename: form.filename } : form;
    units.push({ report, form: 'filename' in form ? form : null });
  }
  return { ctx, units, summary: officeSummary(ctx, reports, opts.extra) };
}
