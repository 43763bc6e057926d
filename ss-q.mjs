import Database from 'better-sqlite3';
const db = new Database('/tmp/ss-year/zwgk.sqlite', { readonly: true });
const t = (label, fn) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const n = fn(); const c = process.cpuUsage(c0); console.log(label.padEnd(40), (performance.now()-t0).toFixed(0).padStart(5), 'ms', ((c.user+c.system)/1000).toFixed(0).padStart(5), 'cpu', n); };
const upTo = '2026-12-31';
for (let k = 0; k < 2; k++) {
t('obs raw all cols', () => { let n = 0; for (const r of db.prepare(`SELECT unit_id, column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url,
      shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note
    FROM column_observations WHERE observed_on <= ? ORDER BY unit_id, column_id, observed_on, id`).raw().iterate(upTo)) n++; return n; });
t('obs raw all() ', () => db.prepare(`SELECT unit_id, column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url,
      shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note
    FROM column_observations WHERE observed_on <= ? ORDER BY unit_id, column_id, observed_on, id`).raw().all(upTo).length);
t('obs count only', () => db.prepare(`SELECT count(*) FROM column_observations WHERE observed_on <= ?`).pluck().get(upTo));
t('obs ids only ordered', () => db.prepare(`SELECT id FROM column_observations WHERE observed_on <= ? ORDER BY unit_id, column_id, observed_on, id`).pluck().all(upTo).length);
t('items objects', () => { let n = 0; for (const r of db.prepare(`SELECT unit_id, column_id, title, url, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`).iterate(upTo)) n++; return n; });
t('items raw all', () => db.prepare(`SELECT unit_id, column_id, title, url, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`).raw().all(upTo).length);
t('items raw no title/url', () => db.prepare(`SELECT unit_id, column_id, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`).raw().all(upTo).length);
t('failed links', () => db.prepare(`SELECT l.run_id, l.unit_id, l.column_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
    WHERE l.outcome != 'ok' ORDER BY l.id`).all().length);
t('run units', () => db.prepare('SELECT u.unit_id, u.run_id, r.as_of FROM run_units u JOIN runs r ON r.id = u.run_id ORDER BY u.unit_id, u.rowid').raw().all().length);
t('carried', () => db.prepare(`SELECT unit_id, column_id, last_read_on, last_observed_on FROM column_observations WHERE last_observed_on > last_read_on`).raw().all().length);
}
