import type { Db } from '../store/db.js';
import type { UnitConfig } from '../config/schema.js';
import type { LetterType } from '../scheme/timeliness-parts.js';
import type { LetterStatus, Satisfaction } from '../../crawlers/mailbox/words.js';
import type { ReplyEventKind } from '../store/mailbox-repo.js';
import { UnitMatcher } from '../mailbox/unit-matcher.js';
import { lettersInPeriod, type LetterFact } from './mailbox.js';
import type { ApplicationFact } from './applications.js';

/** A handling-unit name (from letters or the register) that matches no unit; '' when none was shown. */
export interface UnmatchedName {
  name: string;
  letters: number;
  cases: number;
}

export interface TimelinessFacts {
  lettersByUnit: Map<string, LetterFact[]>;
  casesByUnit: Map<string, ApplicationFact[]>;
  /** Names of the period's letters and cases that match no unit, most frequent first. */
  unmatched: UnmatchedName[];
}

interface LetterRowDb {
  id: number; mailbox_id: string; letter_key: string; code: string | null; title: string; url: string | null;
  handler: string | null; letter_type: LetterType | null; status: LetterStatus | null; submitted_at: string | null;
  replied_at: string | null; reply_hash: string | null; satisfaction: Satisfaction | null; first_seen: string;
}

interface CaseRowDb {
  code: string; unit_name: string; received_on: string; correction: number; correction_notice_on: string | null;
  correction_received_on: string | null; extended: number; replied_on: string | null;
}

export function loadLetters(db: Db): LetterFact[] {
  const events = new Map<number, LetterFact['events']>();
  for (const e of db.prepare('SELECT letter_id, observed_on, kind, replied_before, replied_after FROM mailbox_letter_events ORDER BY id').all() as
    { letter_id: number; observed_on: string; kind: ReplyEventKind; replied_before: string | null; replied_after: string | null }[]) {
    const list = events.get(e.letter_id) ?? [];
    list.push({ on: e.observed_on, kind: e.kind, before: e.replied_before, after: e.replied_after });
    events.set(e.letter_id, list);
  }
  return (db.prepare('SELECT * FROM mailbox_letters ORDER BY id').all() as LetterRowDb[]).map((r) => ({
    id: r.id, mailboxId: r.mailbox_id, key: r.letter_key, code: r.code, title: r.title, url: r.url, handler: r.handler,
    type: r.letter_type, status: r.status, submittedAt: r.submitted_at, repliedAt: r.replied_at, hasReply: r.reply_hash !== null,
    satisfaction: r.satisfaction, firstSeen: r.first_seen, events: events.get(r.id) ?? [],
  }));
}

export function loadApplications(db: Db): ApplicationFact[] {
  return (db.prepare('SELECT * FROM applications ORDER BY received_on, code').all() as CaseRowDb[]).map((r) => ({
    code: r.code, unitName: r.unit_name, received: r.received_on, correction: r.correction === 1,
    correctionNotice: r.correction_notice_on, correctionReceived: r.correction_received_on, extended: r.extended === 1,
    replied: r.replied_on,
  }));
}

/** Letters and cases attributed to units by handling-unit name or alias; what matches nothing is counted, never dropped. */
export function attributeFacts(letters: LetterFact[], cases: ApplicationFact[], units: UnitConfig[], period: { start: string; end: string }, asOf: string): TimelinessFacts {
  const matcher = new UnitMatcher(units);
  const lettersByUnit = new Map<string, LetterFact[]>();
  const casesByUnit = new Map<string, ApplicationFact[]>();
  const unmatched = new Map<string, UnmatchedName>();
  const miss = (name: string, kind: 'letters' | 'cases') => {
    const entry = unmatched.get(name) ?? { name, letters: 0, cases: 0 };
    entry[kind]++;
    unmatched.set(name, entry);
  };
  const inPeriod = new Set(lettersInPeriod(letters, period, asOf).map((l) => l.id));
  for (const letter of letters) {
    const { unitIds, unmatched: names } = matcher.attribute(letter.handler);
    for (const id of unitIds) push(lettersByUnit, id, letter);
    if (!inPeriod.has(letter.id)) continue;
    for (const name of names) miss(name, 'letters');
    if (unitIds.length === 0 && names.length === 0) miss('', 'letters');
  }
  const end = period.end < asOf ? period.end : asOf;
  for (const c of cases) {
    const { unitIds, unmatched: names } = matcher.attribute(c.unitName);
    for (const id of unitIds) push(casesByUnit, id, c);
    if (c.received < period.start || c.received > end) continue;
    for (const name of names) miss(name, 'cases');
  }
  const sorted = [...unmatched.values()].sort((a, b) => b.letters + b.cases - (a.letters + a.cases) || a.name.localeCompare(b.name));
  return { lettersByUnit, casesByUnit, unmatched: sorted };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const cache = new WeakMap<Db, { key: string; facts: TimelinessFacts }>();

/** The attributed facts, read once per database state, units, period and as-of date (scoring runs once per unit). */
export function timelinessFacts(db: Db, units: UnitConfig[], period: { start: string; end: string }, asOf: string): TimelinessFacts {
  const stamp = `${db.pragma('data_version', { simple: true })}:${db.prepare('SELECT total_changes()').pluck().get()}`;
  const key = JSON.stringify([stamp, units.map((u) => [u.id, u.name, u.aliases]), period, asOf]);
  const hit = cache.get(db);
  if (hit?.key === key) return hit.facts;
  const facts = attributeFacts(loadLetters(db), loadApplications(db), units, period, asOf);
  cache.set(db, { key, facts });
  return facts;
}
