import type { App } from '../src/app.js';
import type { UnitConfig } from '../src/config/schema.js';
import { scoreDistrict, type AssessedUnitScore } from '../src/scoring/score-district.js';
import type { EntriesInForce } from '../src/scoring/district-facts.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { calendarFor } from '../src/calendar/app-calendar.js';
import { addDays } from '../src/time/dates.js';
import { availabilityOf, probeStatsByUnit, type Availability, type ProbeStats } from '../src/store/probe-stats.js';
import { ProbesRepo } from '../src/store/probes-repo.js';
import { censusDigestsByUnit, type CensusDigest } from '../src/census/census-digest.js';
import { censusFactsByUnit } from '../src/census/census-facts.js';
import type { UnitCensusFacts } from '../src/scoring/site-facts.js';
import { automatedItem } from '../src/scheme/schema.js';
import type { Scheme } from '../src/scheme/schema.js';
import type { WorkCalendar } from '../src/calendar/work-calendar.js';
import type { ManualEntry } from '../src/manual/entries-repo.js';
import { shanghaiDate } from '../src/time/dates.js';
import { districtRanking, type DistrictRanking } from './ranking.js';
import { ContentRepo, type ContentFinding } from '../src/store/content-repo.js';
import type { AvailabilityRule } from '../src/scoring/national-checks.js';

export interface TrendPoint {
  asOf: string;
  /** Item 9 (the automated item) points; null while the platform part could not be scored. */
  automated: number | null;
  automatedMax: number;
  total: number;
  provisional: boolean;
}

export interface LastRun {
  id: number;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  unitsDone: number;
}

/** Everything the week's reports are made of, scored once for all units. */
export interface WeeklyContext {
  district: string;
  schemeTitle: string;
  period: { start: string; end: string };
  asOf: string;
  /** A week before `asOf`, or null when that is before the assessment period. */
  previousAsOf: string | null;
  generatedAt: Date;
  units: UnitConfig[];
  now: Map<string, AssessedUnitScore>;
  /** The manual entries `now` used, per unit and item. */
  entries: EntriesInForce;
  previous: Map<string, AssessedUnitScore>;
  trend: Map<string, TrendPoint[]>;
  probes: Map<string, ProbeStats>;
  /** Each unit's latest census and exclusions (the column vetoes count its unconfigured columns too). */
  census: Map<string, UnitCensusFacts>;
  /** The scheme's cadence per category, for the census's columns. */
  cadenceDays: Readonly<Record<string, number | undefined>>;
  /** The availability rule the probes are judged by (config `probes:`). */
  probeRule: AvailabilityRule;
  /** Open content findings found up to `asOf`, per unit (null when content checks are off). */
  content: Map<string, ContentFinding[]> | null;
  /** Each unit's latest census in short (broken links, columns that came and went), for the mails. */
  censusDigests: Map<string, CensusDigest>;
  /** Each unit's probe failure share over the window and its state now. */
  availability: Map<string, Availability>;
  lastFullRun: LastRun | null;
  evidenceUrl: string | null;
  automatedItemNo: number;
  /** Final and provisional totals apart, item 9 on its own, and every change from `previous` to `now`. */
  ranking: DistrictRanking;
  scheme: Scheme;
  calendar: WorkCalendar;
  /** `web` and `mail` of the config: where links to the console and evidence go. */
  links: Pick<App['loaded']['config'], 'web' | 'mail'>;
}

export const TREND_WEEKS = 8;

/** Scores every unit as of `asOf`, a week before, and at each of the last eight weekly points, from one load of the facts. */
export function buildWeeklyContext(app: App, asOf: string): WeeklyContext {
  const { config, scheme } = app.loaded;
  const period = config.district.period;
  const automatedNo = scheme.items.find((i) => i.kind === 'automated')?.no ?? 9;
  const { facts, manual } = loadDistrictFacts(app.db, config, asOf);
  const calendar = calendarFor(app.loaded);
  // Each week's score counts the entries made by its own date, also after the period's end (when
  // scoring as of a later date would otherwise count every entry): this week's entries are this week's.
  const scoreAsOf = (date: string) => scoreDistrict(facts, scheme, calendar, enteredBy(manual, date), date);
  const byId = (list: AssessedUnitScore[]) => new Map(list.map((s) => [s.id, s]));

  const current = scoreAsOf(asOf);
  const now = byId(current.units);
  const prevDate = addDays(asOf, -7);
  const previousAsOf = prevDate >= period.start ? prevDate : null;
  const previous = previousAsOf ? byId(scoreAsOf(previousAsOf).units) : new Map<string, AssessedUnitScore>();

  const trend = new Map<string, TrendPoint[]>(config.units.map((u) => [u.id, []]));
  for (let k = TREND_WEEKS - 1; k >= 0; k--) {
    const date = addDays(asOf, -7 * k);
    if (date < period.start) continue;
    const scores = k === 0 ? now : k === 1 && previousAsOf ? previous : byId(scoreAsOf(date).units);
    for (const [id, s] of scores) {
      const item = s.items.find((i) => i.no === automatedNo);
      // Before anything of the platform was checked, item 9 holds only the mailbox parts: not a point of the trend.
      const automated = s.platform.score === null ? null : item?.points ?? null;
      trend.get(id)?.push({ asOf: date, automated, automatedMax: item?.max ?? 0, total: s.total, provisional: s.provisional });
    }
  }

  // Weeks before a unit's first crawl have nothing to show.
  for (const [id, points] of trend) {
    const first = points.findIndex((p) => p.automated !== null);
    trend.set(id, first < 0 ? points.slice(-1) : points.slice(first));
  }

  const probes = probeStatsByUnit(app.db, config.units.map((u) => u.id), asOf, config.probes.windowDays);
  return {
    district: config.district.name,
    schemeTitle: scheme.title,
    period,
    asOf,
    previousAsOf,
    generatedAt: app.clock.now(),
    units: config.units,
    now,
    entries: current.entries,
    previous,
    trend,
    probes,
    probeRule: config.probes,
    content: config.content.enabled ? openContentFindings(app, asOf) : null,
    census: censusFactsByUnit(app.db, config, asOf),
    censusDigests: censusDigestsByUnit(app.db, config.units.map((u) => u.id), asOf),
    availability: availabilityOf(probes, new ProbesRepo(app.db).states()),
    cadenceDays: automatedItem(scheme).parts.platform.cadenceDays,
    lastFullRun: lastFullRun(app, asOf),
    evidenceUrl: config.mail.evidenceUrl ?? null,
    automatedItemNo: automatedNo,
    ranking: districtRanking(scheme, current.units, previous),
    scheme,
    calendar,
    links: { web: config.web, mail: config.mail },
  };
}

/** Entries made on or before a date (Asia/Shanghai). */
export function enteredBy(manual: ManualEntry[], date: string): ManualEntry[] {
  return manual.filter((e) => shanghaiDate(new Date(e.enteredAt)) <= date);
}

/** Open content findings up to a date, per unit (the veto box's 严重表述错误 and the mail's content section). */
export function openContentFindings(app: App, asOf: string): Map<string, ContentFinding[]> {
  const out = new Map<string, ContentFinding[]>(app.loaded.config.units.map((u) => [u.id, []]));
  for (const f of new ContentRepo(app.db).list({ statuses: ['open'], upTo: asOf })) out.get(f.unitId)?.push(f);
  return out;
}

function lastFullRun(app: App, asOf: string): LastRun | null {
  const row = app.db.prepare(`SELECT r.id, r.as_of AS asOf, r.started_at AS startedAt, r.finished_at AS finishedAt, r.status,
      (SELECT COUNT(*) FROM run_units u WHERE u.run_id = r.id) AS unitsDone
    FROM runs r WHERE r.unit_filter IS NULL AND r.as_of <= ? ORDER BY r.as_of DESC, r.id DESC LIMIT 1`).get(asOf) as LastRun | undefined;
  return row ?? null;
}
