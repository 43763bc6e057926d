import type { ColumnConfig, UnitConfig } from '../config/schema.js';
import type { ListEnd } from '../audit/observation.js';
import type { PlatformPart } from '../scheme/schema.js';
import { addDays, daysBetween, minDate } from '../time/dates.js';
import { columnFactsAsOf, columnKey, firstSeen, lastSeen, NO_COLUMN_FACTS, type ColumnFacts, type ItemFact } from './platform-facts.js';
import { earlyDays, isChecked, readToEndObservation, type EarlyDays } from './early-days.js';

/**
 * Column status as of the score date. `stale`, `blank` and `missing-dated` lose points; `unreachable`,
 * `blocked`, `unparsed` and `unchecked` mean "could not check" and never count as stale.
 */
export type ColumnStatus = 'ok' | 'stale' | 'blank' | 'redirect' | 'unreachable' | 'blocked' | 'unparsed' | 'unchecked';

export interface ColumnScore {
  name: string;
  url: string;
  category: string;
  status: ColumnStatus;
  reason: string | null;
  cadenceDays: number | null;
  newestDate: string | null;
  newestTitle: string | null;
  newestUrl: string | null;
  itemCount: number;
  undatedCount: number;
  futureDatedCount: number;
  daysOverdue: number | null;
  /** Column-days judged, compliant, and reconstructed from publish dates (before the first crawl). */
  checkedDays: number;
  compliantDays: number;
  reconstructedDays: number;
  uncheckedDays: number;
  pointsLost: number;
  evidence: string | null;
  redirectedTo: string | null;
  /** The page shape the latest crawl read (`S1`, `S6+browser`); null when nothing was read. */
  shape: string | null;
  /** How far the latest crawl read the list; null before the first crawl. */
  listEnd: ListEnd | null;
  /** The days before the first crawl and before the oldest dated item, and why they count or not. */
  earlyDays: EarlyDays | null;
  futureItems: { title: string; date: string }[];
  backdatedItems: { title: string; published: string; firstSeen: string }[];
  brokenLinks: { url: string; title: string | null; outcome: string; status: number | null; listEvidence: string | null }[];
  /** The site moved (scheme or host of the list) on these days; its history carries on: a note, never a point. */
  siteMoves: { on: string; from: string; to: string }[];
}

export interface RequiredPostingResult {
  column: string;
  label: string;
  due: string;
  status: 'on-time' | 'late' | 'missing' | 'unchecked';
  postedOn: string | null;
  title: string | null;
  deduction: number;
}

/** A required posting due after the score date and within the period, and whether it is already posted. */
export interface UpcomingPosting {
  column: string;
  label: string;
  due: string;
  postedOn: string | null;
  title: string | null;
  /** What it costs if it is not posted by `due`. */
  deduction: number;
}

export interface PlatformScore {
  /** Null when no column-day could be checked. */
  score: number | null;
  max: number;
  compliantShare: number | null;
  deductions: number;
  columns: ColumnScore[];
  requiredPostings: RequiredPostingResult[];
  upcomingPostings: UpcomingPosting[];
}

export interface PlatformScoreInput {
  unit: UnitConfig;
  part: PlatformPart;
  period: { start: string; end: string };
  asOf: string;
  /** The unit's columns by `columnKey`, possibly holding crawls after `asOf` (left out here). */
  facts: Map<string, ColumnFacts>;
  /** Items first seen this many days after their stated date are flagged as possibly backdated. */
  backdateToleranceDays: number;
}

/** Item 9, platform part: a pure function of stored facts, the scheme part, the period and the as-of date. */
export function scorePlatform(input: PlatformScoreInput): PlatformScore {
  const { unit, part, period, asOf } = input;
  const end = minDate(period.end, asOf);
  const facts = new Map(unit.columns.map((c) => [columnKey(c), columnFactsAsOf(input.facts.get(columnKey(c)) ?? NO_COLUMN_FACTS, asOf)]));
  const columns = unit.columns.map((c) => scoreColumn(c, facts.get(columnKey(c))!, input, end));
  let weighted = 0;
  let total = 0;
  for (const [i, c] of columns.entries()) {
    const w = part.weights[unit.columns[i].category] ?? 1;
    weighted += w * c.compliantDays;
    total += w * c.checkedDays;
  }
  for (const [i, c] of columns.entries()) {
    const w = part.weights[unit.columns[i].category] ?? 1;
    c.pointsLost = total > 0 ? round((part.max * w * (c.checkedDays - c.compliantDays)) / total) : 0;
  }
  const requiredPostings = unit.columns.flatMap((c) => checkRequired(c, facts.get(columnKey(c))!, part, period, asOf));
  const upcomingPostings = unit.columns.flatMap((c) => upcomingRequired(c, facts.get(columnKey(c))!, part, period, asOf));
  const deductions = requiredPostings.reduce((n, r) => n + r.deduction, 0);
  const share = total > 0 ? weighted / total : null;
  const score = share === null ? null : Math.max(0, round(part.max * share - deductions));
  return { score, max: part.max, compliantShare: share === null ? null : round(share, 4), deductions, columns, requiredPostings, upcomingPostings };
}

function scoreColumn(column: ColumnConfig, facts: ColumnFacts, input: PlatformScoreInput, end: string): ColumnScore {
  const cadence = column.cadenceDays ?? input.part.cadenceDays[column.category] ?? null;
  const observations = facts.observations;
  const firstCheckedObservation = observations.find(isChecked);
  const firstChecked = firstCheckedObservation ? firstSeen(firstCheckedObservation) : undefined;
  const firstCheckedOk = firstCheckedObservation?.status === 'ok';
  // A list read to its end is evidence that nothing older exists; one cut short is not.
  const readToEnd = readToEndObservation(observations) !== undefined;

  const moves = observations.flatMap((o) => o.findings.flatMap((f) => (f.kind === 'site-moved' ? [{ on: firstSeen(o), from: f.from, to: f.to }] : [])));
  const movedOn = new Set(moves.map((m) => m.on));
  const siteMoves = moves.filter((m) => m.on >= input.period.start);

  // An item keeps a column fresh from its publish date, unless it appeared much later than that date
  // (possibly backdated): then only from the day it was first seen, and only after the first crawl.
  // Items first seen the day the site moved were there before under the old address: never flagged.
  const backdated: ColumnScore['backdatedItems'] = [];
  const effective: { from: string; published: string }[] = [];
  for (const item of facts.items) {
    if (!item.published) continue;
    const late = firstChecked !== undefined && item.firstSeen > firstChecked && !movedOn.has(item.firstSeen) &&
      daysBetween(item.published, item.firstSeen) > input.backdateToleranceDays;
    if (late) backdated.push({ title: item.title, published: item.published, firstSeen: item.firstSeen });
    effective.push({ from: late ? item.firstSeen : item.published, published: item.published });
  }
  effective.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const oldestPublished = effective
    .filter((i) => i.from === i.published)
    .reduce<string | null>((m, i) => (m === null || i.published < m ? i.published : m), null);

  // Days are numbered from the period start: a year of days for every column and as-of date adds up.
  const start = input.period.start;
  const dayNo = (date: string) => daysBetween(start, date);
  const items = effective.map((i) => ({ from: dayNo(i.from), published: dayNo(i.published) }));
  const crawledFrom = observations.map((ob) => dayNo(firstSeen(ob)));
  const checked = observations.map(isChecked);
  const oldest = oldestPublished === null ? null : dayNo(oldestPublished);
  let checkedDays = 0;
  let compliantDays = 0;
  let reconstructedDays = 0;
  let uncheckedDays = 0;
  const early = { from: 0, to: 0, days: 0 };
  let e = 0;
  let newestKnown: number | null = null;
  let o = -1;
  for (let day = 0, last = dayNo(end); day <= last; day++) {
    while (e < items.length && items[e].from <= day) {
      if (newestKnown === null || items[e].published > newestKnown) newestKnown = items[e].published;
      e++;
    }
    while (o + 1 < observations.length && crawledFrom[o + 1] <= day) o++;
    const fresh = cadence === null
      ? true
      : newestKnown !== null && day - newestKnown <= cadence;
    if (o < 0) {
      // Before the first crawl: reconstructed from publish dates, if the column was ever read.
      if (firstChecked === undefined) {
        uncheckedDays++;
        continue;
      }
      if (cadence !== null && oldest !== null && day < oldest) {
        if (early.days++ === 0) early.from = day;
        early.to = day;
        // The column had nothing yet if the list was read to its end; a list cut short (page cap,
        // a home page's latest items, a page that failed) may reach back further: unknown.
        if (!readToEnd) {
          uncheckedDays++;
          continue;
        }
      }
      reconstructedDays++;
      checkedDays++;
      if (cadence === null ? firstCheckedOk : fresh) compliantDays++;
      continue;
    }
    const status = observations[o].status;
    if (!checked[o]) {
      // What we know is fresh still counts; what might have changed unseen is not judged.
      if (cadence !== null && fresh) {
        checkedDays++;
        compliantDays++;
      } else uncheckedDays++;
      continue;
    }
    checkedDays++;
    if (status === 'ok' && fresh) compliantDays++;
  }

  const latest = observations.at(-1);
  const latestOn = latest ? lastSeen(latest) : undefined;
  const datedItems = facts.items.filter((i): i is ItemFact & { published: string } => i.published !== null && i.published <= input.asOf);
  const newest = datedItems.reduce<(ItemFact & { published: string }) | null>((n, i) => (!n || i.published > n.published ? i : n), null);
  let status: ColumnStatus;
  let daysOverdue: number | null = null;
  if (!latest) status = 'unchecked';
  else if (!isChecked(latest)) status = latest.status as ColumnStatus;
  else if (latest.status === 'blank' || latest.status === 'redirect') status = latest.status;
  else if (cadence === null) status = 'ok';
  else if (!newest) {
    status = 'stale';
  } else {
    const age = daysBetween(newest.published, input.asOf);
    status = age > cadence ? 'stale' : 'ok';
    if (age > cadence) daysOverdue = age - cadence;
  }
  const futureItems = facts.items
    .filter((i) => latestOn !== undefined && i.published !== null && i.published > latestOn && i.lastSeen >= latestOn)
    .map((i) => ({ title: i.title, date: i.published as string }));
  const redirected = latest?.findings.find((f) => f.kind === 'redirected');
  return {
    name: column.name,
    url: column.url,
    category: column.category,
    status,
    reason: latest?.reason ?? (status === 'stale' && !newest ? '没有带日期的信息（未标日期视为未更新）' : null),
    cadenceDays: cadence,
    newestDate: newest?.published ?? null,
    newestTitle: newest?.title ?? null,
    newestUrl: newest?.url ?? null,
    itemCount: latest?.itemCount ?? 0,
    undatedCount: latest?.undatedCount ?? 0,
    futureDatedCount: latest?.futureCount ?? 0,
    daysOverdue,
    checkedDays,
    compliantDays,
    reconstructedDays,
    uncheckedDays,
    pointsLost: 0,
    evidence: latest?.evidence ?? null,
    redirectedTo: redirected && redirected.kind === 'redirected' ? redirected.to : null,
    shape: latest?.shape ?? null,
    listEnd: latest?.listEnd ?? null,
    earlyDays: early.days > 0 && oldestPublished
      ? earlyDays(observations, oldestPublished, { from: addDays(start, early.from), to: addDays(start, early.to), days: early.days })
      : null,
    futureItems,
    backdatedItems: backdated,
    brokenLinks: (latest?.failedLinks ?? [])
      .filter((l) => l.outcome !== 'ok' && l.outcome !== 'anti-bot')
      .map((l) => ({ url: l.url, title: l.title, outcome: l.outcome, status: l.statusCode, listEvidence: l.listEvidence })),
    siteMoves,
  };
}

function checkRequired(column: ColumnConfig, facts: ColumnFacts, part: PlatformPart, period: { start: string; end: string }, asOf: string): RequiredPostingResult[] {
  const results: RequiredPostingResult[] = [];
  const everChecked = facts.observations.some(isChecked);
  for (const { req, due } of requiredDues(column, period)) {
    if (due > asOf) continue;
    const { onTime, late } = postingsFor(req.title, due, facts.items);
    let status: RequiredPostingResult['status'];
    if (onTime) status = 'on-time';
    else if (!everChecked) status = 'unchecked';
    else status = late ? 'late' : 'missing';
    const hit = onTime ?? late;
    results.push({
      column: column.name, label: req.label, due, status, postedOn: hit ? postedOn(hit) : null, title: hit?.title ?? null,
      deduction: status === 'late' || status === 'missing' ? part.requiredPostingDeduction : 0,
    });
  }
  return results;
}

function upcomingRequired(column: ColumnConfig, facts: ColumnFacts, part: PlatformPart, period: { start: string; end: string }, asOf: string): UpcomingPosting[] {
  return requiredDues(column, period).filter(({ due }) => due > asOf).map(({ req, due }) => {
    const { onTime } = postingsFor(req.title, due, facts.items);
    return {
      column: column.name, label: req.label, due, postedOn: onTime ? postedOn(onTime) : null, title: onTime?.title ?? null,
      deduction: part.requiredPostingDeduction,
    };
  });
}

/** Each due date of the column's required postings within the period (`MM-DD` repeats every year of it). */
function requiredDues(column: ColumnConfig, period: { start: string; end: string }): { req: ColumnConfig['required'][number]; due: string }[] {
  return column.required.flatMap((req) => (/^\d{4}-/.test(req.due) ? [req.due] : years(period.start, period.end).map((y) => `${y}-${req.due}`))
    .filter((due) => due >= period.start && due <= period.end)
    .map((due) => ({ req, due })));
}

/** The items that answer a required posting due on `due`: one posted by then, else the earliest posted later. */
function postingsFor(titlePattern: string, due: string, items: ItemFact[]): { onTime: ItemFact | undefined; late: ItemFact | undefined } {
  const year = Number(due.slice(0, 4));
  const pattern = new RegExp(titlePattern.replaceAll('{year}', String(year)).replaceAll('{prevYear}', String(year - 1)));
  const matches = items.filter((i) => pattern.test(i.title));
  return { onTime: matches.find((i) => postedOn(i) <= due), late: matches.sort((a, b) => (postedOn(a) < postedOn(b) ? -1 : 1))[0] };
}

const postedOn = (i: ItemFact) => i.published ?? i.firstSeen;

function years(start: string, end: string): number[] {
  const out: number[] = [];
  for (let y = Number(start.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) out.push(y);
  return out;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
