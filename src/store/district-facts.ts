import type { Db } from './db.js';
import type { DistrictConfig, UnitConfig } from '../config/schema.js';
import { ColumnRegistry } from './column-registry.js';
import type { ReplyEventKind } from './mailbox-repo.js';
import { manualEntryFromRow, type ManualEntry, type ManualEntryRow } from '../manual/entries-repo.js';
import type { DistrictSnapshot } from '../scoring/district-facts.js';
import { columnKey, firstSeen, type ColumnFacts, type ItemFact } from '../scoring/platform-facts.js';
import { interner, loadObservationFacts, storedKey, type CarriedSpan } from './observation-facts.js';
import type { LetterFact } from '../scoring/mailbox.js';
import type { ApplicationFact } from '../scoring/applications.js';

/**
 * The one place the scoring path reads the database: everything stored about the district's units up
 * to `upTo`, as one plain snapshot that scoring filters to any as-of date itself.
 */
export function loadDistrictFacts(db: Db, config: DistrictConfig, upTo: string): DistrictSnapshot {
  const units = config.units;
  return {
    facts: {
      units,
      period: config.district.period,
      backdateToleranceDays: config.crawl.backdateToleranceDays,
      upTo,
      columns: loadColumnFacts(db, columnKeysById(db, units), upTo),
      letters: loadLetters(db).filter((l) => l.firstSeen <= upTo),
      cases: loadApplications(db),
    },
    manual: loadManualEntries(db),
  };
}

/**
 * Per unit, the stored column ids of each config column (its config id, the id its URL registered, a
 * derived one) to the column's key, as `storedKey`s: rows are joined by stable id, resolved without writing.
 */
function columnKeysById(db: Db, units: UnitConfig[]): Map<string, string> {
  const registry = new ColumnRegistry(db);
  const out = new Map<string, string>();
  for (const unit of units) {
    for (const c of registry.resolve(unit).columns) for (const id of c.storedIds) out.set(storedKey(unit.id, id), columnKey(c.column));
  }
  return out;
}

/** Per unit and column: consecutive crawls that saw the same thing merged into one observation, and the items. */
function loadColumnFacts(db: Db, keys: Map<string, string>, upTo: string): Map<string, Map<string, ColumnFacts>> {
  const out = new Map<string, Map<string, ColumnFacts>>();
  const column = (unitId: string, name: string): ColumnFacts => {
    let unit = out.get(unitId);
    if (!unit) out.set(unitId, (unit = new Map()));
    let f = unit.get(name);
    if (!f) unit.set(name, (f = { observations: [], items: [] }));
    return f;
  };
  const intern = interner();
  const { columns, carried } = loadObservationFacts(db, keys, upTo, intern);
  for (const stored of columns) column(stored.unitId, stored.name).observations.push(...stored.observations);

  const targets = new Map<string, { items: ItemFact[]; carried: CarriedSpan[] | undefined } | null>();
  const items = db.prepare(`SELECT unit_id || char(0) || column_id, title, url, published, first_seen, last_seen, pinned
    FROM items WHERE first_seen <= ? ORDER BY id`).raw();
  for (const [key, title, url, published, firstSeen, lastSeen, pinned] of items.iterate(upTo) as IterableIterator<ItemRow>) {
    let target = targets.get(key);
    if (target === undefined) {
      const name = keys.get(key);
      target = name === undefined ? null : { items: column(key.slice(0, key.indexOf('\u0000')), name).items, carried: carried.get(key) };
      targets.set(key, target);
    }
    if (target === null) continue;
    target.items.push({
      title, url, published: intern(published), firstSeen: intern(firstSeen), lastSeen: intern(seenThrough(lastSeen, target.carried)), pinned: pinned === 1,
    });
  }
  // A column whose history sits under two stored ids (a config id added later, before the next crawl
  // moved the rows) has each id's crawls in turn: back in date order.
  for (const unit of out.values()) for (const f of unit.values()) f.observations.sort((a, b) => firstSeen(a).localeCompare(firstSeen(b)));
  return out;
}

type ItemRow = [key: string, title: string, url: string | null, published: string | null, firstSeen: string, lastSeen: string, pinned: number];

/**
 * An item the span's last full read saw was seen on every carried night after it (the list was the same):
 * items are not written again on those nights. Items that read no longer saw keep their own last date.
 */
function seenThrough(lastSeen: string, spans: CarriedSpan[] | undefined): string {
  if (spans) for (const [readOn, lastOn] of spans) if (lastSeen >= readOn && lastSeen < lastOn) return lastOn;
  return lastSeen;
}

interface LetterRowDb {
  id: number; mailbox_id: string; letter_key: string; code: string | null; title: string; url: string | null;
  handler: string | null; letter_type: LetterFact['type']; status: LetterFact['status']; submitted_at: string | null;
  replied_at: string | null; has_reply: number; satisfaction: LetterFact['satisfaction']; first_seen: string;
}

/** Every stored letter with its reply history. */
export function loadLetters(db: Db): LetterFact[] {
  const events = new Map<number, LetterFact['events']>();
  for (const e of db.prepare('SELECT letter_id, observed_on, kind, replied_before, replied_after FROM mailbox_letter_events ORDER BY id').all() as
    { letter_id: number; observed_on: string; kind: ReplyEventKind; replied_before: string | null; replied_after: string | null }[]) {
    const list = events.get(e.letter_id) ?? [];
    list.push({ on: e.observed_on, kind: e.kind, before: e.replied_before, after: e.replied_after });
    events.set(e.letter_id, list);
  }
  const rows = db.prepare(`SELECT id, mailbox_id, letter_key, code, title, url, handler, letter_type, status, submitted_at, replied_at,
      reply_hash IS NOT NULL AS has_reply, satisfaction, first_seen
    FROM mailbox_letters ORDER BY id`).all() as LetterRowDb[];
  return rows.map((r) => ({
    id: r.id, mailboxId: r.mailbox_id, key: r.letter_key, code: r.code, title: r.title, url: r.url, handler: r.handler,
    type: r.letter_type, status: r.status, submittedAt: r.submitted_at, repliedAt: r.replied_at, hasReply: r.has_reply === 1,
    satisfaction: r.satisfaction, firstSeen: r.first_seen, events: events.get(r.id) ?? [],
  }));
}

interface CaseRowDb {
  code: string; unit_name: string; received_on: string; correction: number; correction_notice_on: string | null;
  correction_received_on: string | null; extended: number; extended_known: number; replied_on: string | null;
}

/** Every case of the imported disclosure-application register. */
export function loadApplications(db: Db): ApplicationFact[] {
  return (db.prepare(`SELECT code, unit_name, received_on, correction, correction_notice_on, correction_received_on, extended, extended_known, replied_on
    FROM applications ORDER BY received_on, code`).all() as CaseRowDb[]).map((r) => ({
    code: r.code, unitName: r.unit_name, received: r.received_on, correction: r.correction === 1,
    correctionNotice: r.correction_notice_on, correctionReceived: r.correction_received_on, extended: r.extended_known === 1 ? r.extended === 1 : null,
    replied: r.replied_on,
  }));
}

/** Every manual entry of every scheme, oldest first (entries are only ever appended). */
export function loadManualEntries(db: Db): ManualEntry[] {
  return (db.prepare('SELECT * FROM manual_entries ORDER BY id').all() as ManualEntryRow[]).map(manualEntryFromRow);
}
