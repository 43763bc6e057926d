/** The console's one stylesheet: phone first (one column at 375 px), wider layouts from 760 px. */
export const CONSOLE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f4f5f7;overflow-wrap:anywhere}
a{color:#0b57d0}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;padding:8px 12px;background:#b3261e;color:#fff}
.top a,.top .link{color:#fff}
.brand{font-weight:bold;text-decoration:none}
.nav{display:flex;flex-wrap:wrap;gap:4px 12px}
.who{margin-left:auto;font-size:13px}
main{padding:12px;max-width:1200px;margin:0 auto}
h1{font-size:20px;margin:8px 0 12px}
h2{font-size:17px;margin:20px 0 8px}
h3{font-size:15px;margin:14px 0 6px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px;margin:0 0 12px}
.muted{color:#59636e;font-size:13px}
.error{color:#b3261e}
.ok{color:#1a7f37}
.warn{color:#9a6700}
.badge{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;background:#eef1f4;white-space:nowrap}
.badge.veto{background:#ffebe9;color:#b3261e}
.badge.prov{background:#fff8c5;color:#9a6700}
.badge.final{background:#dafbe1;color:#1a7f37}
.table-wrap{width:100%;overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border-bottom:1px solid #e6e8eb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
form.inline{display:inline}
button.link{background:none;border:0;padding:0;font:inherit;text-decoration:underline;cursor:pointer}
label{display:block;font-weight:600;margin:10px 0 4px}
input[type=text],input[type=password],input[type=number],select,textarea{width:100%;max-width:420px;padding:8px;font:inherit;border:1px solid #c4cad1;border-radius:6px;background:#fff}
textarea{min-height:60px}
.checks label{font-weight:normal;display:flex;gap:6px;align-items:flex-start;margin:4px 0}
button,.button{display:inline-block;padding:8px 16px;font:inherit;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none}
button.secondary{background:#59636e}
.field-error{color:#b3261e;font-size:13px;margin:4px 0}
.criteria{white-space:pre-line}
fieldset{border:0;padding:0;margin:8px 0}
legend{font-weight:600;padding:0}
details{margin-top:8px}
.login{max-width:380px;margin:24px auto}
.chart{width:100%;height:220px}
.grid{display:grid;grid-template-columns:1fr;gap:12px}
.progress{display:flex;flex-wrap:wrap;gap:4px}
.progress span{font-size:12px;padding:0 4px;border-radius:3px;background:#eef1f4}
.progress span.done{background:#dafbe1}
.progress span.todo{background:#ffebe9}
table.matrix td:first-child,table.matrix th:first-child{min-width:9em;position:sticky;left:0;background:#fff}
/* On a phone a .stack table is one card per row, each cell labelled by its data-label. */
@media (max-width:759px){
  table.stack thead{display:none}
  table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
  table.stack tr{border:1px solid #dde1e6;border-radius:8px;margin:0 0 8px;padding:4px 0;background:#fff}
  table.stack td{border:0;padding:2px 10px;text-align:left;white-space:normal}
  table.stack td[data-label]::before{content:attr(data-label) "：";color:#59636e;font-size:13px}
  table.stack td.head{font-weight:600;font-size:16px}
}
@media (min-width:760px){
  main{padding:16px 24px}
  .grid{grid-template-columns:1fr 1fr}
  .chart{height:260px}
}
`;
