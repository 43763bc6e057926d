import type { ColumnObservation, ListEnd } from '../src/audit/observation.js';
import type { DistrictConfig, ColumnConfig } from '../src/config/schema.js';
import type { Db } from '../src/store/db.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { MailboxRepo } from '../src/store/mailbox-repo.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { scoreDistrict } from '../src/scoring/score-district.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import type { Scheme } from '../src/scheme/schema.js';
import { eachDay } from '../src/time/dates.js';

/** What one night saw of a column: its status and the publish dates of its items (null: not crawled that night). */
export interface ColumnNight {
  status?: 'ok' | 'blank' | 'redirect';
  dates: string[];
  listEnd?: ListEnd;
}

/** Stores a full nightly run for every day from `from` to `to`, through the same repository the crawl uses. */
export function recordNights(
  db: Db, config: DistrictConfig, from: string, to: string,
  night: (unitId: string, column: ColumnConfig, day: string) => ColumnNight | null,
): void {
  const repo = new ObservationsRepo(db);
  for (const day of eachDay(from, to)) {
    const at = new Date(`${day}T18:00:00Z`);
    const run = repo.startRun(day, null, at);
    for (const unit of config.units) {
      const resolution = repo.resolveColumns(unit);
      const observations: ColumnObservation[] = [];
      for (const r of resolution.columns) {
        const seen = night(unit.id, r.column, day);
        if (!seen) continue;
        const status = seen.status ?? 'ok';
        const items = status === 'ok' ? seen.dates.map((date) => ({
          title: `${r.column.name} ${date}`, url: `${r.column.url}${date}.html`, date, dateSource: 'list' as const, pinned: false,
        })) : [];
        const newest = [...items].sort((a, b) => b.date.localeCompare(a.date))[0];
        observations.push({
          columnId: r.columnId, columnName: r.column.name, entryUrl: r.column.url, status, items, undatedCount: 0, futureCount: 0,
          newest: newest && { date: newest.date, title: newest.title, url: newest.url }, pagesFetched: 1,
          listEnd: seen.listEnd ?? (status === 'ok' ? 'end' : 'not-read'),
          evidence: `${'0'.repeat(48)}${day.replaceAll('-', '')}${String(observations.length).padStart(8, '0')}`,
          findings: [], fetches: [], linkChecks: [],
        });
      }
      repo.saveUnit(run, unit.id, day, at, observations, resolution, repo.unitHistory(unit.id));
    }
    repo.finishRun(run, 'done', new Date(`${day}T19:00:00Z`));
  }
}

export interface LetterSpec {
  key: string;
  title: string;
  handler: string;
  submittedAt: string;
  /** The reply's time, or null while unanswered. */
  repliedAt: string | null;
}

/** Stores letters of a district mailbox as the mailbox crawl does (list row, then the letter page). */
export function recordLetters(db: Db, mailboxId: string, on: string, letters: LetterSpec[]): void {
  const repo = new MailboxRepo(db);
  repo.saveListRows(mailboxId, letters.map((l) => ({
    key: l.key, code: l.key, title: l.title, detail: { url: `http://127.0.0.1:9/letter/${l.key}.html` }, handler: l.handler,
    submittedAt: l.submittedAt, statusShown: l.repliedAt ? '已回复' : '待回复',
  })), on, undefined);
  const stored = new Map(repo.letters(mailboxId).map((s) => [s.letter_key, s.id]));
  for (const l of letters) {
    repo.saveDetail(stored.get(l.key)!, {
      found: true, title: l.title, handler: l.handler, submittedAt: l.submittedAt, statusShown: l.repliedAt ? '已回复' : '待回复',
      reply: l.repliedAt ? { at: l.repliedAt, text: `答复：${l.title}` } : null,
    }, on, undefined);
  }
}

/** Loads the stored facts and scores the district as of a date, as the reports do. */
export function scoreStored(db: Db, config: DistrictConfig, scheme: Scheme, asOf: string, calendar = new WorkCalendar()) {
  const snapshot = loadDistrictFacts(db, config, asOf);
  return scoreDistrict(snapshot.facts, scheme, calendar, snapshot.manual, asOf);
}
