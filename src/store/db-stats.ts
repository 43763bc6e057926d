import type { Db } from './db.js';

/** One table or index of the database: its rows (tables only) and the bytes of its pages. */
export interface TableSize {
  name: string;
  kind: 'table' | 'index';
  rows: number | null;
  bytes: number;
}

/** Every table and index with its size, largest first: where a database's bytes are. */
export function tableSizes(db: Db): TableSize[] {
  const bytes = new Map(db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all()
    .map((r) => [(r as { name: string }).name, (r as { bytes: number }).bytes]));
  const objects = db.prepare(`SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string; type: 'table' | 'index' }[];
  return objects.map(({ name, type }) => ({
    name, kind: type, bytes: bytes.get(name) ?? 0,
    rows: type === 'table' ? rowCount(db, name) : null,
  })).sort((a, b) => b.bytes - a.bytes);
}

/** Rows in one table. */
export function rowCount(db: Db, table: string): number {
  return db.prepare(`SELECT COUNT(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get() as number;
}
