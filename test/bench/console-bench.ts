/**
 * Console page render times (issue 9): a district with a year of nightly history (default 100 units),
 * each console page requested through `app.inject` as a logged-in admin. Prints, per page, the first
 * request after the facts changed (it scores the year: the board's data is then kept until the next
 * run, import or entry) and the median and max of the following requests, against the 200 ms target.
 * A program that prints figures, not a test.
 *
 *   npx tsx test/bench/console-bench.ts [--units 100] [--columns 15] [--nights 365] [--runs 9] [--keep DIR] [--config FILE]
 *
 * `--keep DIR` builds the history into DIR once and reuses it (delete DIR to rebuild); `--config FILE` uses
 * an existing district instead (its database gets the console's tables).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHistory, type HistoryShape } from './history-district.js';
import { openApp } from '../../src/app.js';
import { Accounts } from '../../src/accounts/accounts.js';
import { SettableClock } from '../../src/time/clock.js';
import { buildConsole } from '../../src/web/server.js';
import { injectLogin } from '../web-fixture.js';

const { values: args } = parseArgs({
  options: {
    units: { type: 'string', default: '100' }, columns: { type: 'string', default: '15' }, nights: { type: 'string', default: '365' },
    runs: { type: 'string', default: '9' }, keep: { type: 'string' }, config: { type: 'string' },
  },
});
const shape: HistoryShape = { units: Number(args.units), columns: Number(args.columns), nights: Number(args.nights), lastNight: '2026-12-31' };
const runs = Number(args.runs);
const TARGET_MS = 200;

async function district(): Promise<{ configFile: string; cleanup: () => void }> {
  if (args.config) return { configFile: resolve(args.config), cleanup: () => {} };
  const dir = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'zwgk-console-bench-'));
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, 'shape.json');
  const cleanup = () => { if (!args.keep) rmSync(dir, { recursive: true, force: true }); };
  if (args.keep && existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(shape)) {
    console.log(`reusing the history in ${dir}`);
    return { configFile: join(dir, 'district.yaml'), cleanup };
  }
  console.log(`writing ${shape.units} units × ${shape.columns} columns × ${shape.nights} nights into ${dir} …`);
  const t = performance.now();
  const configFile = await buildHistory(dir, shape, (line) => console.log(line));
  writeFileSync(marker, JSON.stringify(shape));
  console.log(`history written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return { configFile, cleanup };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const { configFile, cleanup } = await district();
const app = openApp(configFile, new SettableClock('2026-12-31T12:00:00Z'));
try {
  const accounts = new Accounts(app.db, new Set(app.loaded.config.units.map((u) => u.id)));
  const login = `bench-admin-${Date.now().toString(36)}`;
  await accounts.add({ login: 'bench', ip: null, now: app.clock.now() }, login, 'admin', null, 'bench-password-1');
  const server = buildConsole(app);
  await server.ready();
  const { jar } = await injectLogin(server, { login, password: 'bench-password-1' });
  const unit = app.loaded.config.units[Math.floor(app.loaded.config.units.length / 2)].id;
  const pages: [string, string][] = [
    ['office board /', '/'], ['board data /board.json', '/board.json'], [`unit page /units/${unit}`, `/units/${unit}`],
    [`unit trend /units/${unit}/trend.json`, `/units/${unit}/trend.json`], [`manual entry /manual/${unit}`, `/manual/${unit}`],
    ['accounts and audit log /admin/users', '/admin/users'],
  ];
  console.log(`\n${app.loaded.config.units.length} units; ${runs} requests per page after the first; target < ${TARGET_MS} ms each`);
  for (const [label, url] of pages) {
    const times: number[] = [];
    let status = 0;
    let bytes = 0;
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const res = await server.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
      times.push(performance.now() - t);
      status = res.statusCode;
      bytes = res.rawPayload.length;
    }
    if (status === 404) {
      console.log(`${label.padEnd(44)} not on this branch`);
      continue;
    }
    const [first, ...rest] = times;
    const ok = Math.max(...rest) < TARGET_MS ? 'ok' : 'OVER';
    console.log(`${label.padEnd(44)} HTTP ${status} ${(bytes / 1024).toFixed(0).padStart(5)} KiB  first ${first.toFixed(0).padStart(6)} ms  median ${median(rest).toFixed(1).padStart(6)} ms  max ${Math.max(...rest).toFixed(1).padStart(6)} ms  ${ok}`);
  }
  await server.close();
} finally {
  app.close();
  cleanup();
}
