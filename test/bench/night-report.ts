import type { Figures } from './measure.js';

/** Printing for the night-by-night benchmarks: one block per night, verdict lines, a table of sizes. */

export function printNight(f: Figures): void {
  const s = f.server;
  const m = f.memory;
  const perColumn = (n: number) => (n / f.columns).toFixed(2);
  const peak = Math.max(m.sampledPeakMb, m.vmHwmMb ?? 0);
  console.log(`\n== ${f.label} (asOf ${f.asOf})`);
  console.log(`  wall time             ${(f.wallMs / 1000).toFixed(2)} s`);
  console.log(`  requests (server)     ${s.requests}: ${s.ok} answered 200, ${s.notModified} answered 304, ${s.other} other; `
    + `${s.listRequests} list pages, ${s.detailRequests} detail pages; ${(s.bytes / 2 ** 20).toFixed(1)} MB sent`);
  console.log(`  requests per column   ${perColumn(s.requests)} (${perColumn(s.listRequests)} list, ${perColumn(s.detailRequests)} detail) over ${f.columns} columns`);
  console.log(`  pages/s               ${f.pagesPerS.toFixed(0)} (${f.pages} list pages the crawler counted); ${(s.requests / (f.wallMs / 1000)).toFixed(0)} requests/s`);
  console.log(`  CPU                   ${f.cpuMs.toFixed(0)} ms crawler process; server ${s.cpuMs.toFixed(0)} ms (separate process)`);
  console.log(`  peak RSS              ${peak.toFixed(1)} MB (${m.startRssMb.toFixed(1)} MB at the start of the night)`);
  console.log(`  database              ${f.dbMb.toFixed(1)} MB after the night (WAL ${f.walMb.toFixed(1)} MB before closing), ${f.evidenceRows} evidence bodies`);
  if (f.badColumns > 0) console.log(`  !! ${f.badColumns} columns whose facts for the night are not what was served: ${f.unread.join('; ')}`);
}

export function verdict(ok: boolean, text: string): boolean {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
  return ok;
}

export function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
