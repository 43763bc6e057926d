import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../src/app.js';
import { SettableClock } from '../src/time/clock.js';
import type { FastifyInstance } from 'fastify';
import { Accounts } from '../src/accounts/accounts.js';
import { buildConsole } from '../src/web/server.js';
import type { ConsoleFixture, FixtureUser } from './web-fixture.js';
import { itemsOf, NightlyDistrict, serveNightlySite, type NightlySite } from './incremental-fixture.js';

/**
 * Units u1–u3 on a fixture site (S1 lists on 127.0.0.1), each with a 动态 column (news, 14 days) and a
 * 通知 column (notice): u1 and u2's 动态 is stale (newest 2026-10-01), u3's is fresh. An App over the
 * district's database on a settable clock, as the console and the worker use it.
 */
export interface LedgerDistrict {
  site: NightlySite;
  app: App;
  clock: SettableClock;
  configFile: string;
  /** Makes a unit's 动态 column fresh again (an item dated `on`). */
  fix(unitId: string, on: string): void;
  cleanup(): Promise<void>;
}

export async function ledgerDistrict(): Promise<LedgerDistrict> {
  const site = await serveNightlySite();
  const units = ['u1', 'u2', 'u3'];
  for (const u of units) {
    site.columns.set(`/${u}/news/`, { items: itemsOf(`${u}n`, `${u}动态`, 5, u === 'u3' ? '2026-11-18' : '2026-10-01'), perPage: 20, etag: false });
    site.columns.set(`/${u}/notice/`, { items: itemsOf(`${u}t`, `${u}通知`, 3, '2026-11-01'), perPage: 20, etag: false });
  }
  const district = new NightlyDistrict(site.origin, Object.fromEntries(units.map((u) => [u, [
    { name: '动态', dir: `/${u}/news/` }, { name: '通知', dir: `/${u}/notice/`, category: 'notice' },
  ]])));
  // The app opens its own connection; the fixture's is not needed.
  district.db.close();
  const clock = new SettableClock('2026-11-20T02:00:00+08:00');
  const configFile = join(district.dir, 'district.yaml');
  const app = openApp(configFile, clock);
  return {
    site, app, clock, configFile,
    fix(unitId, on) {
      const column = site.columns.get(`/${unitId}/news/`)!;
      const n = column.items.length + 1;
      column.items = [{ file: `t${unitId}fix${n}.html`, title: `${unitId}整改后信息${n}`, date: on }, ...column.items];
    },
    async cleanup() {
      app.close();
      await site.close();
      rmSync(district.dir, { recursive: true, force: true });
    },
  };
}

export const LEDGER_USERS = {
  admin: { login: 'office-admin', password: 'admin-pass-2026', role: 'admin', unitId: null },
  inspector: { login: 'inspector-li', password: 'inspector-pass-2026', role: 'inspector', unitId: null },
  u1: { login: 'u1-staff', password: 'unit-pass-2026!', role: 'unit', unitId: 'u1' },
  u2: { login: 'u2-staff', password: 'unit-pass-2026!', role: 'unit', unitId: 'u2' },
} as const satisfies Record<string, FixtureUser>;

/** The console over a ledger district, listening on 127.0.0.1:0, with the accounts above. */
export async function ledgerConsole(d: LedgerDistrict): Promise<{ server: FastifyInstance; url: string; fx: ConsoleFixture }> {
  const accounts = new Accounts(d.app.db, new Set(d.app.loaded.config.units.map((u) => u.id)));
  const setup = { login: 'fixture', ip: null, now: d.clock.now() };
  for (const u of Object.values(LEDGER_USERS)) await accounts.add(setup, u.login, u.role, u.unitId, u.password);
  const server = buildConsole(d.app);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const addr = server.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const fx: ConsoleFixture = { app: d.app, server, url, clock: d.clock, configFile: d.configFile, dir: '', close: () => server.close() };
  return { server, url, fx };
}
