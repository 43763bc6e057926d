import type { App } from '../src/app.js';
import { calendarFor } from '../src/calendar/app-calendar.js';
import { Outbox, OUTBOX_STATUSES, type OutboxRow, type OutboxStatus } from '../src/mail/outbox.js';
import { entryRule } from '../src/manual/values.js';
import { scoreDistrict } from '../src/scoring/score-district.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { addDays, shanghaiDate } from '../src/time/dates.js';
import { officeSummary, type OfficeSummary } from './office-summary.js';
import { buildWeeklyContext } from './weekly-context.js';
import { weeklyUnitReport } from './weekly-unit.js';

export interface ManualProgress {
  /** The manual items of the scheme, in order. */
  items: { no: number; name: string }[];
  units: { id: string; name: string; entered: number; required: number; cells: { no: number; state: 'done' | 'todo' | 'n/a' }[] }[];
}

export interface PeriodTrend {
  /** One point a week from the start of the period to the as-of date. */
  dates: string[];
  label: string;
  max: number;
  /** Per unit id, item 9's points at each date (null before anything could be checked). */
  units: Record<string, (number | null)[]>;
}

export interface OfficeBoard {
  asOf: string;
  summary: OfficeSummary;
  manual: ManualProgress;
  outbox: { counts: Record<OutboxStatus, number>; problems: OutboxRow[] };
  trend: PeriodTrend;
}

/** The as-of date the console shows: today in Asia/Shanghai, within the assessment period. */
export function consoleAsOf(app: App): string {
  const { start, end } = app.loaded.config.district.period;
  const today = shanghaiDate(app.clock.now());
  return today > end ? end : today < start ? start : today;
}

export type ScoredBoard = Omit<OfficeBoard, 'outbox' | 'trend'>;

/** The board's scored part (ranking, vetoes, progress), from the same functions the weekly mails and the CLI use. */
export function scoredBoard(app: App, asOf: string): ScoredBoard {
  const ctx = buildWeeklyContext(app, asOf);
  const reports = ctx.units.map((u) => weeklyUnitReport(ctx, u.id));
  return { asOf, summary: officeSummary(ctx, reports), manual: manualProgress(app, ctx.entries) };
}

export function automatedItemNo(app: App): number {
  return app.loaded.scheme.items.find((i) => i.kind === 'automated')?.no ?? 9;
}

/** The mail outbox as it is now (never cached: it changes without the facts changing). */
export function outboxState(app: App): OfficeBoard['outbox'] {
  const outbox = new Outbox(app.db);
  return { counts: outbox.counts(), problems: outbox.list(OUTBOX_STATUSES.filter((s) => s === 'failed' || s === 'uncertain'), 20) };
}

/** Everything the office board shows. */
export function officeBoard(app: App, asOf: string = consoleAsOf(app)): OfficeBoard {
  return { ...scoredBoard(app, asOf), trend: periodTrend(app, asOf, automatedItemNo(app)), outbox: outboxState(app) };
}

function manualProgress(app: App, entries: ReturnType<typeof buildWeeklyContext>['entries']): ManualProgress {
  const { scheme, config } = app.loaded;
  const manualItems = [...scheme.items].sort((a, b) => a.no - b.no)
    .filter((i) => config.units.some((u) => entryRule(i, u.type).kind === 'rule'));
  return {
    items: manualItems.map((i) => ({ no: i.no, name: i.name })),
    units: config.units.map((u) => {
      const cells = manualItems.map((i) => ({
        no: i.no,
        state: entryRule(i, u.type).kind !== 'rule' ? 'n/a' as const : entries.get(u.id)?.has(i.no) ? 'done' as const : 'todo' as const,
      }));
      const required = cells.filter((c) => c.state !== 'n/a').length;
      return { id: u.id, name: u.name, entered: cells.filter((c) => c.state === 'done').length, required, cells };
    }),
  };
}

/** Item 9 of every unit once a week over the whole period so far, scored from one load of the facts (no manual entry changes it). */
export function periodTrend(app: App, asOf: string, automatedNo: number): PeriodTrend {
  const { config, scheme } = app.loaded;
  const { facts, manual } = loadDistrictFacts(app.db, config, asOf);
  const calendar = calendarFor(app.loaded);
  const dates: string[] = [];
  for (let d = asOf; d >= config.district.period.start; d = addDays(d, -7)) dates.unshift(d);
  const units: Record<string, (number | null)[]> = Object.fromEntries(config.units.map((u) => [u.id, []]));
  let max = 0;
  let label = '政务信息公开';
  for (const date of dates) {
    for (const s of scoreDistrict(facts, scheme, calendar, manual, date).units) {
      const item = s.items.find((i) => i.no === automatedNo);
      if (item) {
        max = item.max ?? max;
        label = `第${item.no}项${item.name}`;
      }
      units[s.id]?.push(s.platform.score === null ? null : item?.points ?? null);
    }
  }
  return { dates, label, max, units };
}
