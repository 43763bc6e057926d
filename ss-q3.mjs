import Database from 'better-sqlite3';
const db = new Database('/tmp/ss-year/zwgk.sqlite', { readonly: true });
const t = (label, fn) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const n = fn(); const c = process.cpuUsage(c0); console.log(label.padEnd(40), (performance.now()-t0).toFixed(0).padStart(5), 'ms', ((c.user+c.system)/1000).toFixed(0).padStart(5), 'cpu', n); };
const it = (sql, ...a) => () => { let n = 0; for (const r of db.prepare(sql).raw().iterate(...a)) n++; return n; };
for (let k = 0; k < 2; k++) {
t('failed: current', it(`SELECT l.run_id, l.unit_id, l.column_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
    WHERE l.outcome != 'ok' ORDER BY l.id`));
t('failed: no order', it(`SELECT l.run_id, l.unit_id, l.column_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
    WHERE l.outcome != 'ok'`));
t('failed: all failed rows', it(`SELECT l.run_id, l.unit_id, l.column_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence FROM link_checks l WHERE l.outcome != 'ok'`));
t('failed: partial idx keys', it(`SELECT run_id, unit_id, column_id FROM link_checks INDEXED BY link_checks_failed WHERE outcome != 'ok'`));
t('obs: key ordered by id', it(`SELECT unit_id || char(0) || column_id, id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note FROM column_observations WHERE observed_on <= ? ORDER BY id`, '2026-12-31'));
t('obs: 2 keys ordered by id', it(`SELECT unit_id, column_id, id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note FROM column_observations WHERE observed_on <= ? ORDER BY id`, '2026-12-31'));
t('items: key by id', it(`SELECT unit_id || char(0) || column_id, title, url, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`, '2026-12-31'));
}
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT l.run_id FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id WHERE l.outcome != 'ok' ORDER BY l.id`).all());
