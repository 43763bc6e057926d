import { randomBytes } from 'node:crypto';
import type { App } from '../../app.js';
import { Accounts } from '../../accounts/accounts.js';
import type { Role } from '../../store/web-accounts-repo.js';
import { serveConsole } from '../../web/listen.js';

const DEMO_LISTEN = '127.0.0.1:8080';

/**
 * After the demo's audit: one account per role with a fresh password each (printed), and the console on
 * 127.0.0.1 (port 8080, or any free one) until Ctrl-C. The console's clock starts at the demo's date and runs.
 */
export async function serveDemoConsole(app: App): Promise<void> {
  const start = app.clock.now().getTime();
  const t0 = performance.now();
  const running: App = { ...app, clock: { now: () => new Date(start + (performance.now() - t0)) } };
  const unit = app.loaded.config.units[0];
  const accounts = new Accounts(app.db, new Set(app.loaded.config.units.map((u) => u.id)));
  const setup = { login: 'demo', ip: null, now: running.clock.now() };
  const made: [string, Role, string | null, string][] = [];
  for (const [login, role, unitId] of [['demo-admin', 'admin', null], ['demo-inspector', 'inspector', null], ['demo-unit', 'unit', unit.id]] as const) {
    const password = randomBytes(9).toString('base64url');
    if (accounts.repo.byLogin(login)) await accounts.setPassword(setup, login, password);
    else await accounts.add(setup, login, role, unitId, password);
    made.push([login, role, unitId, password]);
  }
  let served: Awaited<ReturnType<typeof serveConsole>>;
  try {
    served = await serveConsole(running, DEMO_LISTEN);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    served = await serveConsole(running, '127.0.0.1:0');
  }
  const role = { admin: '管理员', inspector: '考核员', unit: '单位' } as const;
  process.stderr.write(`\n网页控制台：${served.url}\n演示账号（本次随机生成的密码）：\n${made
    .map(([login, r, unitId, password]) => `  ${role[r]}  账号 ${login}  密码 ${password}${unitId ? `（${unit.name}）` : ''}`).join('\n')}\n按 Ctrl-C 停止。\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await served.close();
}
