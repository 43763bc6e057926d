import Database from 'better-sqlite3';
const mmap = process.argv[2];
const c0 = process.cpuUsage();
const db = new Database('/tmp/ss-year/zwgk.sqlite', { readonly: true });
if (mmap) db.pragma(`mmap_size = ${mmap}`);
const t = (label, fn) => { const c0 = process.cpuUsage(); const n = fn(); const c = process.cpuUsage(c0); console.log(label.padEnd(20), 'user', (c.user/1000).toFixed(0).padStart(5), 'sys', (c.system/1000).toFixed(0).padStart(5), n); };
const it = (sql, ...a) => () => { let n = 0; for (const r of db.prepare(sql).raw().iterate(...a)) n++; return n; };
t('failed', it(`SELECT l.unit_id || char(0) || l.column_id, l.run_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
    WHERE l.outcome != 'ok' ORDER BY l.id`));
t('obs', it(`SELECT unit_id || char(0) || column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note FROM column_observations WHERE observed_on <= ? ORDER BY id`, '2026-12-31'));
t('items', it(`SELECT unit_id || char(0) || column_id, title, url, published, first_seen, last_seen, pinned FROM items WHERE first_seen <= ? ORDER BY id`, '2026-12-31'));
const c = process.cpuUsage(c0); console.log('total user', (c.user/1000).toFixed(0), 'sys', (c.system/1000).toFixed(0));
