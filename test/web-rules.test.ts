import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { AuditLogRepo } from '../src/store/audit-log-repo.js';
import { WebAccountsRepo } from '../src/store/web-accounts-repo.js';
import { CookieJar, USERS, formToken, injectLogin, startConsole, type ConsoleFixture } from './web-fixture.js';

const HOSTILE = '<script>alert(1)</script>镇"\'&';

async function post(fx: ConsoleFixture, jar: CookieJar, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  const res = await fx.server.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  jar.take(res.headers['set-cookie']);
  return res;
}

async function get(fx: ConsoleFixture, jar: CookieJar, url: string) {
  const res = await fx.server.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
  jar.take(res.headers['set-cookie']);
  return res;
}

describe('console rules (inject)', () => {
  let fx: ConsoleFixture;
  const jars: Record<string, CookieJar> = {};
  beforeAll(async () => {
    fx = await startConsole({
      listen: false,
      units: `
  - { id: town-a, name: 甲镇, type: town }
  - { id: dept-b, name: 乙局, type: department }
  - id: evil
    name: '${HOSTILE.replace(/'/g, "''")}'
    type: town
    columns: [{ name: '<img src=x onerror=alert(2)>栏目', url: 'http://127.0.0.1:9/x/', category: news }]
`,
    });
    for (const role of ['admin', 'inspector', 'unit'] as const) {
      const r = await injectLogin(fx.server, USERS[role]);
      expect(r.status).toBe(303);
      jars[role] = r.jar;
    }
  });
  afterAll(async () => fx?.close());

  it('sends a visitor without a session to the login page, keeping where they were going', async () => {
    const res = await get(fx, new CookieJar(), '/manual/town-a');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fmanual%2Ftown-a');
  });

  it('keeps each role to its pages: a unit account sees only its own unit, never the office data', async () => {
    const status = async (role: string, url: string) => (await get(fx, jars[role], url)).statusCode;
    expect(await status('unit', '/')).toBe(303);
    expect((await get(fx, jars.unit, '/')).headers.location).toBe('/units/town-a');
    expect(await status('unit', '/board.json')).toBe(403);
    expect(await status('unit', '/units/dept-b/trend.json')).toBe(403);
    expect(await status('unit', '/units/town-a/trend.json')).toBe(200);
    expect(await status('unit', '/manual/town-a')).toBe(403);
    expect(await status('unit', '/admin/users')).toBe(403);
    expect(await status('inspector', '/admin/users')).toBe(403);
    expect(await status('inspector', '/manual/dept-b')).toBe(200);
    expect(await status('inspector', '/board.json')).toBe(200);
    expect(await status('admin', '/admin/users')).toBe(200);
    expect(await status('admin', '/manual/no-such-unit')).toBe(404);
    const refused = await get(fx, jars.unit, '/units/dept-b/trend.json');
    expect(refused.body).toContain('单位账号只能查看本单位的信息');
  });

  it('refuses a form post without or with a wrong token, and stores nothing', async () => {
    const repo = new ManualEntriesRepo(fx.app.db);
    const scheme = fx.app.loaded.scheme.id;
    const fields = { itemNo: '12', action: 'save', count: '1', evidence: '通报文件' };
    expect((await post(fx, jars.inspector, '/manual/town-a', fields)).statusCode).toBe(403);
    expect((await post(fx, jars.inspector, '/manual/town-a', { ...fields, _csrf: 'forged-token' })).statusCode).toBe(403);
    const admin = await get(fx, jars.admin, '/admin/users');
    expect((await post(fx, jars.inspector, '/manual/town-a', { ...fields, _csrf: formToken(admin.body) })).statusCode).toBe(403);
    expect(repo.history(scheme, 'town-a')).toEqual([]);
    const loginWithoutToken = await fx.server.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `login=${USERS.admin.login}&password=${USERS.admin.password}` });
    expect(loginWithoutToken.statusCode).toBe(403);

    const entered = async () => (JSON.parse((await get(fx, jars.inspector, '/board.json')).body) as { manual: { units: { id: string; entered: number }[] } })
      .manual.units.find((u) => u.id === 'town-a')?.entered;
    expect(await entered()).toBe(0);
    const page = await get(fx, jars.inspector, '/manual/town-a');
    const saved = await post(fx, jars.inspector, '/manual/town-a', { ...fields, _csrf: formToken(page.body) });
    expect(saved.statusCode).toBe(303);
    // The board's scored data is kept between requests, and a new entry is seen at once.
    expect(await entered()).toBe(1);
    const [entry] = repo.history(scheme, 'town-a');
    expect(entry).toMatchObject({ itemNo: 12, value: { count: 1 }, enteredBy: USERS.inspector.login, source: 'web', evidence: '通报文件' });
    const audit = new AuditLogRepo(fx.app.db).recent(5, 'manual-entry');
    expect(audit[0]).toMatchObject({ actor: USERS.inspector.login, target: 'town-a 第12项', at: fx.clock.now().toISOString() });
  });

  it('validates an entry as the CLI does and shows the problem next to the item, storing nothing', async () => {
    const repo = new ManualEntriesRepo(fx.app.db);
    const before = repo.history(fx.app.loaded.scheme.id, 'dept-b').length;
    const page = await get(fx, jars.inspector, '/manual/dept-b');
    const token = formToken(page.body);
    const negative = await post(fx, jars.inspector, '/manual/dept-b', { _csrf: token, itemNo: '12', action: 'save', count: '-2' });
    expect(negative.statusCode).toBe(400);
    const card = /<section class="card" id="item-12">[\s\S]*?<\/section>/.exec(negative.body)?.[0] ?? '';
    expect(card).toContain('的次数应为不小于 0 的整数，收到 -2');
    expect(card).toContain('value="-2"');
    const unknownCriterion = await post(fx, jars.inspector, '/manual/dept-b', { _csrf: token, itemNo: '1', action: 'save', met: ['不存在的标准'] });
    expect(unknownCriterion.statusCode).toBe(400);
    expect(unknownCriterion.body).toContain('没有适用于区级部门的评分标准「不存在的标准」');
    const automated = await post(fx, jars.inspector, '/manual/dept-b', { _csrf: token, itemNo: '9', action: 'save', count: '1' });
    expect(automated.statusCode).toBe(400);
    expect(repo.history(fx.app.loaded.scheme.id, 'dept-b').length).toBe(before);
  });

  it('escapes a hostile unit name on every page that shows it', async () => {
    for (const url of ['/', '/manual/evil', '/admin/users']) {
      const res = await get(fx, jars.admin, url);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<script>alert(1)</script>');
      expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;镇&quot;&#39;&amp;');
    }
    const board = await get(fx, jars.admin, '/');
    expect(board.body).not.toMatch(/<script>(?!<\/script>)/);
    // The never-checked column is listed under crawl health, its name as text.
    expect(board.body).toContain('<td data-label="栏目">&lt;img src=x onerror=alert(2)&gt;栏目</td>');
    expect(board.body).not.toContain('<img');
    const data = JSON.parse((await get(fx, jars.admin, '/board.json')).body) as { summary: { health: { unchecked: { column: string }[] } } };
    expect(data.summary.health.unchecked.map((u) => u.column)).toEqual(['<img src=x onerror=alert(2)>栏目']);
  });

  it('sends strict security headers: scripts only from the console, no framing, session cookie HttpOnly and SameSite=Strict', async () => {
    const res = await get(fx, jars.admin, '/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const login = await fx.server.inject({ method: 'GET', url: '/login' });
    const form = await fx.server.inject({
      method: 'POST', url: '/login', headers: { cookie: String(login.headers['set-cookie']).split(';')[0], 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: formToken(login.body), login: USERS.unit.login, password: USERS.unit.password }).toString(),
    });
    const session = [form.headers['set-cookie']].flat().find((c) => String(c).startsWith('zwgk_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).not.toMatch(/Secure/i);
  });

  it('ends a session at its expiry (injected clock) and gives a new session id at every login', async () => {
    const first = await injectLogin(fx.server, USERS.inspector);
    const oldCookie = first.jar.header();
    const again = await injectLogin(fx.server, USERS.inspector, first.jar);
    expect(again.jar.header()).not.toBe(oldCookie);
    expect((await fx.server.inject({ method: 'GET', url: '/board.json', headers: { cookie: oldCookie } })).statusCode).toBe(303);
    expect((await get(fx, again.jar, '/board.json')).statusCode).toBe(200);
    const start = fx.clock.now();
    fx.clock.advance(12 * 3_600_000 + 1000);
    try {
      expect((await get(fx, again.jar, '/board.json')).statusCode).toBe(303);
    } finally {
      fx.clock.set(start);
    }
  });

  it('lists, adds and disables accounts on the admin page, each change audited; a disabled account is logged out', async () => {
    let page = await get(fx, jars.admin, '/admin/users');
    const bad = await post(fx, jars.admin, '/admin/users', { _csrf: formToken(page.body), op: 'add', login: 'evil-staff', role: 'unit', unitId: 'no-such', password: 'long-enough-pw' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('配置中没有编号为「no-such」的单位');
    const added = await post(fx, jars.admin, '/admin/users', { _csrf: formToken(page.body), op: 'add', login: 'evil-staff', role: 'unit', unitId: 'evil', password: 'long-enough-pw' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('已添加账号 evil-staff');
    const staff = await injectLogin(fx.server, { login: 'evil-staff', password: 'long-enough-pw' });
    expect(staff.status).toBe(303);
    expect((await get(fx, staff.jar, '/units/evil/trend.json')).statusCode).toBe(200);
    page = await get(fx, jars.admin, '/admin/users');
    expect((await post(fx, jars.admin, '/admin/users', { _csrf: formToken(page.body), op: 'disable', login: 'evil-staff' })).statusCode).toBe(200);
    expect((await get(fx, staff.jar, '/units/evil/trend.json')).statusCode).toBe(303);
    expect((await injectLogin(fx.server, { login: 'evil-staff', password: 'long-enough-pw' })).status).toBe(401);
    const actions = new AuditLogRepo(fx.app.db).recent(50).filter((e) => e.target === 'evil-staff').map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining([`${USERS.admin.login} user-add`, `${USERS.admin.login} user-disable`, 'evil-staff login', 'evil-staff login-failed']));
    const log = await get(fx, jars.admin, '/admin/users?action=user-disable');
    expect(log.body).toContain('停用账号');
    expect(new WebAccountsRepo(fx.app.db).byLogin('evil-staff')?.disabledAt).toBe(fx.clock.now().toISOString());
  });
});
