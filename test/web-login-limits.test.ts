import { afterEach, describe, expect, it } from 'vitest';
import { WebAccountsRepo } from '../src/store/web-accounts-repo.js';
import { AuditLogRepo } from '../src/store/audit-log-repo.js';
import { USERS, injectLogin, startConsole, type ConsoleFixture } from './web-fixture.js';

describe('login limits', () => {
  let fx: ConsoleFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  it('locks an account after N wrong passwords in a row, refuses even the right one while locked, and lets it in after the lockout', async () => {
    fx = await startConsole({ listen: false, web: { lockoutFailures: 3, lockoutMinutes: 15, loginRatePerMinute: 100 } });
    const wrong = { login: USERS.inspector.login, password: 'not-the-password' };
    for (let i = 0; i < 2; i++) expect((await injectLogin(fx.server, wrong)).body).toContain('账号或密码错误');
    const third = await injectLogin(fx.server, wrong);
    expect(third.status).toBe(401);
    expect(third.body).toContain('账号已锁定至 2021-11-20 10:15:00');
    const stored = new WebAccountsRepo(fx.app.db).byLogin(USERS.inspector.login);
    expect(stored?.lockedUntil).toBe('2021-11-20T02:15:00.000Z');

    const whileLocked = await injectLogin(fx.server, USERS.inspector);
    expect(whileLocked.status).toBe(401);
    expect(whileLocked.body).toContain('账号已锁定');
    // Other accounts are not affected.
    expect((await injectLogin(fx.server, USERS.admin)).status).toBe(303);

    fx.clock.advance(15 * 60_000 + 1000);
    expect((await injectLogin(fx.server, USERS.inspector)).status).toBe(303);
    expect(new WebAccountsRepo(fx.app.db).byLogin(USERS.inspector.login)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    const failed = new AuditLogRepo(fx.app.db).recent(20, 'login-failed');
    expect(failed.map((e) => e.detail)).toContain('密码错误，连续 3 次，锁定至 2021-11-20T02:15:00.000Z');
    expect(failed.every((e) => e.ip === '127.0.0.1')).toBe(true);
  });

  it('a right password in between resets the count', async () => {
    fx = await startConsole({ listen: false, web: { lockoutFailures: 3, loginRatePerMinute: 100 } });
    const wrong = { login: USERS.unit.login, password: 'not-the-password' };
    await injectLogin(fx.server, wrong);
    await injectLogin(fx.server, wrong);
    expect((await injectLogin(fx.server, USERS.unit)).status).toBe(303);
    await injectLogin(fx.server, wrong);
    await injectLogin(fx.server, wrong);
    expect((await injectLogin(fx.server, USERS.unit)).status).toBe(303);
  });

  it('limits login attempts per client address, whatever the account', async () => {
    fx = await startConsole({ listen: false, web: { loginRatePerMinute: 4, lockoutFailures: 100 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await injectLogin(fx.server, { login: `user-${i}`, password: 'guess-123456' })).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    const limited = await injectLogin(fx.server, USERS.admin);
    expect(limited.status).toBe(429);
    expect(limited.body).toContain('尝试过于频繁');
  });
});
