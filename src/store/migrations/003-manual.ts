/** Manual entries (items no crawler can see): append-only, the latest entry per scheme, unit and item wins. */
export const sql = `
CREATE TABLE manual_entries (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  item_no INTEGER NOT NULL,
  value_json TEXT NOT NULL,
  evidence TEXT,
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX manual_entries_unit_item ON manual_entries(scheme_id, unit_id, item_no, id);

CREATE TRIGGER manual_entries_no_update BEFORE UPDATE ON manual_entries
BEGIN SELECT RAISE(ABORT, 'manual entries are append-only'); END;
CREATE TRIGGER manual_entries_no_delete BEFORE DELETE ON manual_entries
BEGIN SELECT RAISE(ABORT, 'manual entries are append-only'); END;
`;
