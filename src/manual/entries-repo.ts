import type { Db } from '../store/db.js';
import type { ManualValue } from './values.js';

export interface ManualEntry {
  id: number;
  schemeId: string;
  unitId: string;
  itemNo: number;
  value: ManualValue;
  evidence: string | null;
  enteredBy: string;
  enteredAt: string;
  /** `cli` or `form:<file name>`. */
  source: string;
}

export type NewEntry = Omit<ManualEntry, 'id'>;

export interface ManualEntryRow {
  id: number;
  scheme_id: string;
  unit_id: string;
  item_no: number;
  value_json: string;
  evidence: string | null;
  entered_by: string;
  entered_at: string;
  source: string;
}

export function manualEntryFromRow(r: ManualEntryRow): ManualEntry {
  return {
    id: r.id, schemeId: r.scheme_id, unitId: r.unit_id, itemNo: r.item_no, value: JSON.parse(r.value_json) as ManualValue,
    evidence: r.evidence, enteredBy: r.entered_by, enteredAt: r.entered_at, source: r.source,
  };
}

/** Manual entries are only ever appended; the table's triggers refuse updates and deletes. */
export class ManualEntriesRepo {
  constructor(private readonly db: Db) {}

  /** Appends all entries in one transaction: all are stored or none. */
  append(entries: NewEntry[]): ManualEntry[] {
    const insert = this.db.prepare(
      'INSERT INTO manual_entries (scheme_id, unit_id, item_no, value_json, evidence, entered_by, entered_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    return this.db.transaction(() =>
      entries.map((e) => {
        const { lastInsertRowid } = insert.run(e.schemeId, e.unitId, e.itemNo, JSON.stringify(e.value), e.evidence, e.enteredBy, e.enteredAt, e.source);
        return { ...e, id: Number(lastInsertRowid) };
      }),
    )();
  }

  /** The entry in force per unit and item (the latest); a withdrawn entry (`cleared`) leaves nothing. */
  latest(schemeId: string): Map<string, Map<number, ManualEntry>> {
    const rows = this.db
      .prepare(
        `SELECT * FROM manual_entries WHERE id IN (
           SELECT MAX(id) FROM manual_entries WHERE scheme_id = ? GROUP BY unit_id, item_no)`,
      )
      .all(schemeId) as ManualEntryRow[];
    const out = new Map<string, Map<number, ManualEntry>>();
    for (const entry of rows.map(manualEntryFromRow)) {
      if ('cleared' in entry.value) continue;
      let unit = out.get(entry.unitId);
      if (!unit) out.set(entry.unitId, (unit = new Map()));
      unit.set(entry.itemNo, entry);
    }
    return out;
  }

  /** Every entry of a unit (optionally one item), oldest first. */
  history(schemeId: string, unitId: string, itemNo?: number): ManualEntry[] {
    const rows = itemNo === undefined
      ? this.db.prepare('SELECT * FROM manual_entries WHERE scheme_id = ? AND unit_id = ? ORDER BY id').all(schemeId, unitId)
      : this.db.prepare('SELECT * FROM manual_entries WHERE scheme_id = ? AND unit_id = ? AND item_no = ? ORDER BY id').all(schemeId, unitId, itemNo);
    return (rows as ManualEntryRow[]).map(manualEntryFromRow);
  }
}
