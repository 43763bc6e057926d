import Database from 'better-sqlite3';
const db = new Database('/tmp/ss-year/zwgk.sqlite', { readonly: true });
const t = (label, fn) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const n = fn(); const c = process.cpuUsage(c0); console.log(label.padEnd(40), (performance.now()-t0).toFixed(0).padStart(5), 'ms', ((c.user+c.system)/1000).toFixed(0).padStart(5), 'cpu', n); };
const upTo = '2026-12-31';
const it = (sql, ...a) => () => { let n = 0; for (const r of db.prepare(sql).raw().iterate(...a)) n++; return n; };
for (let k = 0; k < 2; k++) {
t('obs all cols ordered', it(`SELECT unit_id, column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note FROM column_observations WHERE observed_on <= ? ORDER BY unit_id, column_id, observed_on, id`, upTo));
t('obs all cols rowid order', it(`SELECT unit_id, column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note FROM column_observations WHERE observed_on <= ?`, upTo));
t('obs 3 cols ordered', it(`SELECT unit_id, column_id, observed_on FROM column_observations WHERE observed_on <= ? ORDER BY unit_id, column_id, observed_on, id`, upTo));
t('obs 3 cols rowid', it(`SELECT run_id, observed_on, status FROM column_observations`));
t('obs empty iterate', it(`SELECT 1 FROM column_observations`));
t('items 1 col', it(`SELECT published FROM items`));
t('items all', it(`SELECT unit_id, column_id, title, url, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`, upTo));
t('items all, all()', () => db.prepare(`SELECT unit_id, column_id, title, url, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`).raw().all(upTo).length);
}
