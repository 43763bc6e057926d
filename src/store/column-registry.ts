import type { Db } from './db.js';
import type { UnitConfig } from '../config/schema.js';
import { resolveColumns, type ColumnResolution, type RegisteredColumn } from '../identity/resolve-columns.js';

/** Tables whose rows carry a column id. */
const PER_COLUMN_TABLES = ['column_observations', 'items', 'fetches', 'link_checks'] as const;

/** Each unit's column ids (table `column_registry`): how a config column is matched to its stored history. */
export class ColumnRegistry {
  private readonly rowsStmt;

  constructor(private readonly db: Db) {
    this.rowsStmt = db.prepare(`SELECT column_id AS columnId, url_key AS urlKey, host, name, source, merged_into AS mergedInto
      FROM column_registry WHERE unit_id = ? ORDER BY rowid`);
  }

  registered(unitId: string): RegisteredColumn[] {
    return this.rowsStmt.all(unitId) as RegisteredColumn[];
  }

  /** The ids of a unit's config columns; reads only (scoring, `score` on a read-only database). */
  resolve(unit: UnitConfig): ColumnResolution {
    return resolveColumns(unit.columns, this.registered(unit.id));
  }

  /**
   * Stores a resolution: registers every column's id as last seen, and moves the history of derived ids
   * taken over by a config id. Call inside the transaction that stores the crawl.
   */
  apply(unitId: string, resolution: ColumnResolution, on: string): void {
    const upsert = this.db.prepare(`INSERT INTO column_registry (unit_id, column_id, url_key, host, name, entry_url, source, merged_into, registered_on)
      VALUES (@unitId, @columnId, @urlKey, @host, @name, @entryUrl, @source, NULL, @on)
      ON CONFLICT (unit_id, column_id) DO UPDATE SET url_key = excluded.url_key, host = excluded.host, name = excluded.name,
        entry_url = excluded.entry_url, merged_into = NULL`);
    const markMerged = this.db.prepare('UPDATE column_registry SET merged_into = ? WHERE unit_id = ? AND column_id = ?');
    const move = PER_COLUMN_TABLES.map((t) => this.db.prepare(`UPDATE ${t} SET column_id = ? WHERE unit_id = ? AND column_id = ?`));
    this.db.transaction(() => {
      for (const c of resolution.columns) upsert.run({ unitId, ...c.register, on });
      for (const m of resolution.merges) {
        markMerged.run(m.into, unitId, m.from);
        for (const stmt of move) stmt.run(m.into, unitId, m.from);
      }
    })();
  }
}
