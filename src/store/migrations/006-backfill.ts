import type { Db } from '../db.js';
import { hostOf, itemKey } from '../../identity/keys.js';
import { resolveColumns, type RegisteredColumn } from '../../identity/resolve-columns.js';

interface OldObservation {
  id: number;
  unit_id: string;
  column_name: string;
  entry_url: string;
  observed_on: string;
}

interface OldItem {
  id: number;
  unit_id: string;
  column_name: string;
  item_key: string;
  title: string;
  url: string | null;
  published: string | null;
  date_source: string | null;
  pinned: number;
  first_seen: string;
  last_seen: string;
  first_run: number;
  last_run: number;
  evidence_hash: string | null;
}

type Registry = Map<string, RegisteredColumn & { entryUrl: string; registeredOn: string }>;

/**
 * Gives the rows stored before migration 006 their column ids. Each run of each unit is resolved as the
 * audit resolves a config (columns = the names and entry URLs it observed, no config ids), in order, so
 * a column renamed at the same URL, or whose site moved, keeps one id, and a changed path starts another.
 * Items get scheme- and host-insensitive keys; rows of the same item under two origins are merged.
 * Rows are read one run (or one page of items) at a time, so memory stays flat for a year of history.
 */
export function backfillColumnIds(db: Db): void {
  const registries = new Map<string, Registry>();
  db.exec('CREATE TEMP TABLE observation_column_ids (id INTEGER PRIMARY KEY, column_id TEXT NOT NULL)');
  const mapId = db.prepare('INSERT INTO observation_column_ids (id, column_id) VALUES (?, ?)');
  const ofRun = db.prepare(`SELECT id, unit_id, column_name, entry_url, observed_on FROM column_observations_005
    WHERE run_id = ? ORDER BY unit_id, id`);
  for (const runId of db.prepare('SELECT DISTINCT run_id FROM column_observations_005 ORDER BY run_id').pluck().all()) {
    for (const group of groupBy(ofRun.all(runId) as OldObservation[], (o) => o.unit_id)) {
      const unitId = group[0].unit_id;
      const registry: Registry = registries.get(unitId) ?? new Map();
      registries.set(unitId, registry);
      const resolution = resolveColumns(group.map((o) => ({ name: o.column_name, url: o.entry_url, observation: o })), [...registry.values()]);
      for (const r of resolution.columns) {
        mapId.run(r.column.observation.id, r.columnId);
        const registeredOn = registry.get(r.columnId)?.registeredOn ?? r.column.observation.observed_on;
        registry.set(r.columnId, { ...r.register, mergedInto: null, registeredOn });
      }
    }
  }
  db.exec(`
    INSERT INTO column_observations (id, run_id, unit_id, column_id, column_name, observed_on, observed_at, entry_url, final_url,
      shape, status, reason, item_count, undated_count, future_count, newest_date, newest_title, newest_url, pages_fetched,
      stated_total, evidence_hash, findings_json, list_end, list_end_note)
    SELECT o.id, o.run_id, o.unit_id, m.column_id, o.column_name, o.observed_on, o.observed_at, o.entry_url, o.final_url,
      o.shape, o.status, o.reason, o.item_count, o.undated_count, o.future_count, o.newest_date, o.newest_title, o.newest_url,
      o.pages_fetched, o.stated_total, o.evidence_hash, o.findings_json, o.list_end, o.list_end_note
    FROM column_observations_005 o JOIN observation_column_ids m ON m.id = o.id;
    DROP TABLE observation_column_ids;
    INSERT INTO link_checks (id, run_id, unit_id, column_id, column_name, url, title, outcome, status_code, list_evidence)
    SELECT l.id, l.run_id, l.unit_id, o.column_id, l.column_name, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM link_checks_005 l JOIN column_observations o ON o.run_id = l.run_id AND o.unit_id = l.unit_id AND o.column_name = l.column_name;
    UPDATE fetches SET column_id = (SELECT o.column_id FROM column_observations o
      WHERE o.run_id = fetches.run_id AND o.unit_id = fetches.unit_id AND o.column_name = fetches.column_name)
    WHERE column_name IS NOT NULL;
  `);

  const register = db.prepare(`INSERT INTO column_registry (unit_id, column_id, url_key, host, name, entry_url, source, merged_into, registered_on)
    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`);
  for (const [unitId, registry] of registries) {
    for (const r of registry.values()) register.run(unitId, r.columnId, r.urlKey, r.host, r.name, r.entryUrl, r.source, r.registeredOn);
  }
  backfillItems(db);
}

function backfillItems(db: Db): void {
  // A column's own site: every host its list was read from.
  const hosts = new Map<string, Set<string>>();
  const urls = db.prepare('SELECT DISTINCT unit_id, column_id, entry_url, final_url FROM column_observations').all() as
    { unit_id: string; column_id: string; entry_url: string; final_url: string | null }[];
  for (const o of urls) {
    const own = hosts.get(`${o.unit_id}\0${o.column_id}`) ?? new Set<string>();
    for (const url of [o.entry_url, o.final_url]) if (url) own.add(hostOf(url));
    hosts.set(`${o.unit_id}\0${o.column_id}`, own);
  }
  // An item belongs to the column its last sighting was observed under.
  const columnAt = db.prepare('SELECT column_id FROM column_observations WHERE run_id = ? AND unit_id = ? AND column_name = ?').pluck();
  const latestColumn = db.prepare('SELECT column_id FROM column_observations WHERE unit_id = ? AND column_name = ? ORDER BY id DESC LIMIT 1').pluck();
  const upsert = db.prepare(`INSERT INTO items (unit_id, column_id, column_name, item_key, title, url, published, date_source,
      pinned, first_seen, last_seen, first_run, last_run, evidence_hash)
    VALUES (@unit_id, @column_id, @column_name, @key, @title, @url, @published, @date_source, @pinned, @first_seen, @last_seen,
      @first_run, @last_run, @evidence_hash)
    ON CONFLICT (unit_id, column_id, item_key) DO UPDATE SET
      title = CASE WHEN excluded.last_seen >= items.last_seen THEN excluded.title ELSE items.title END,
      url = CASE WHEN excluded.last_seen >= items.last_seen THEN excluded.url ELSE items.url END,
      column_name = CASE WHEN excluded.last_seen >= items.last_seen THEN excluded.column_name ELSE items.column_name END,
      pinned = CASE WHEN excluded.last_seen >= items.last_seen THEN excluded.pinned ELSE items.pinned END,
      published = CASE WHEN excluded.last_seen >= items.last_seen THEN COALESCE(excluded.published, items.published)
        ELSE COALESCE(items.published, excluded.published) END,
      date_source = CASE WHEN excluded.last_seen >= items.last_seen THEN COALESCE(excluded.date_source, items.date_source)
        ELSE COALESCE(items.date_source, excluded.date_source) END,
      evidence_hash = CASE WHEN excluded.first_seen < items.first_seen THEN excluded.evidence_hash ELSE items.evidence_hash END,
      first_seen = MIN(items.first_seen, excluded.first_seen), first_run = MIN(items.first_run, excluded.first_run),
      last_seen = MAX(items.last_seen, excluded.last_seen), last_run = MAX(items.last_run, excluded.last_run)`);
  // Read in pages: a statement cannot write while another one is still iterating.
  const page = db.prepare('SELECT * FROM items_005 WHERE id > ? ORDER BY id LIMIT 5000');
  for (let rows = page.all(0) as OldItem[]; rows.length > 0; rows = page.all(rows.at(-1)!.id) as OldItem[]) {
    for (const item of rows) upsertItem(item);
  }

  function upsertItem(item: OldItem): void {
    const columnId = (columnAt.get(item.last_run, item.unit_id, item.column_name)
      ?? latestColumn.get(item.unit_id, item.column_name)) as string | undefined;
    // An item of a column never observed cannot be placed; nothing scores it.
    if (!columnId) return;
    const key = item.url ? itemKey(item.url, item.title, hosts.get(`${item.unit_id}\0${columnId}`) ?? new Set()) : item.item_key;
    const { unit_id, column_name, title, url, published, date_source, pinned, first_seen, last_seen, first_run, last_run, evidence_hash } = item;
    upsert.run({
      unit_id, column_id: columnId, column_name, key, title, url, published, date_source, pinned, first_seen, last_seen,
      first_run, last_run, evidence_hash,
    });
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  }
  return [...groups.values()];
}
