/** Styles of the unit page, the ledger and the evidence viewer (appended to console.css). */
export const FINDINGS_CSS = `
.plain{list-style:none;padding:0;margin:0}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0 0 8px;font-size:13px}
.kv dt{color:#59636e}
.kv dd{margin:0;min-width:0}
.hash,.url{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.evidence-frame{display:block;width:100%;height:70vh;border:1px solid #dde1e6;border-radius:6px;background:#fff}
.evidence-shot{display:block;max-width:100%;height:auto;border:1px solid #dde1e6;margin:0 0 8px}
.pair{display:grid;grid-template-columns:1fr;gap:12px}
.fix{border-left:4px solid #dde1e6}
.fix.veto{border-left-color:#b3261e}
.fix .meta{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:13px;color:#59636e;margin:4px 0}
#site-checks li,#site-checks p{overflow-wrap:anywhere;margin:4px 0}
.score-line{font-size:18px;font-weight:600}
.recheck-form{margin:8px 0}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}
.filters label{margin:0}
.filters select{width:auto}
.badge.fixed{background:#dafbe1;color:#1a7f37}
.badge.overdue{background:#ffebe9;color:#b3261e}
.badge.recheck{background:#ddf4ff;color:#0550ae}
@media (min-width:760px){.pair{grid-template-columns:1fr 1fr}}
`;
