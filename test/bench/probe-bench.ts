/**
 * What a day of availability probes costs for 60 units: 24 probes a unit (1,440 requests), each a GET of
 * a 49 KB homepage on a local server, driven through the same code as the daemon (`probeRound`, hourly
 * slots on a settable clock). Prints requests, bytes, CPU and the rows stored. Not a test:
 *   npx tsx test/bench/probe-bench.ts
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveSite } from '../../src/demo/site-server.js';
import { openApp } from '../../src/app.js';
import { SettableClock } from '../../src/time/clock.js';
import { EvidenceStore } from '../../src/fetch/evidence-store.js';
import { HttpCache } from '../../src/fetch/http-cache.js';
import { HttpFetcher } from '../../src/fetch/http-fetcher.js';
import { probeRound } from '../../src/probes/run-probes.js';

const ROOT = resolve(import.meta.dirname, '../..');
const UNITS = 60;
const PAGE = Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head><body>${'<li><a href="/x.html">政务动态标题</a><span>2026-11-20</span></li>'.repeat(700)}</body></html>`);

async function main(): Promise<void> {
  let bytesServed = 0;
  const site = await serveSite({ fallback: (_req, res) => { bytesServed += PAGE.length; res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': PAGE.length }).end(PAGE); } });
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-probe-bench-'));
  try {
    const configFile = join(dir, 'district.yaml');
    writeFileSync(configFile, `district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], browser: { enabled: false } }
units:
${Array.from({ length: UNITS }, (_, i) => `  - { id: u${i}, name: 单位${i}, type: town, homepage: "${site.origin}/u${i}/" }`).join('\n')}
`);
    const clock = new SettableClock('2026-11-19T16:00:00Z');
    const app = openApp(configFile, clock);
    const fetcher = new HttpFetcher(app.loaded.config.crawl, new EvidenceStore(app.db, () => clock.now()), new HttpCache(app.db), clock);
    const before = statSync(join(dir, 'zwgk.sqlite')).size;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let probes = 0;
    let failed = 0;
    for (let minute = 0; minute < 24 * 60; minute += 5) {
      const r = await probeRound(app, fetcher);
      probes += r.probed.length;
      failed += r.probed.filter((p) => !p.ok).length;
      clock.advance(5 * 60_000);
    }
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const grown = statSync(join(dir, 'zwgk.sqlite')).size - before;
    fetcher.close();
    app.close();
    console.log(`units: ${UNITS}, probes a day: ${probes} (${(probes / UNITS).toFixed(0)} a unit, failed ${failed}), requests served: ${site.requests}`);
    console.log(`bytes downloaded: ${(bytesServed / 2 ** 20).toFixed(1)} MiB a day (${(PAGE.length / 1024).toFixed(0)} KB homepage)`);
    console.log(`CPU (user+system) for the day's probes: ${((used.user + used.system) / 1000).toFixed(0)} ms, ${((used.user + used.system) / 1000 / probes).toFixed(2)} ms a probe; wall ${(wall / 1000).toFixed(1)} s with every slot run back to back`);
    console.log(`database growth: ${(grown / 1024).toFixed(0)} KiB a day (${(grown / probes).toFixed(0)} bytes a probe row), ≈ ${((grown * 365) / 2 ** 20).toFixed(0)} MiB a year`);
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
