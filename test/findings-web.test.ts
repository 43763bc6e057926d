import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runAudit } from '../src/audit/run-audit.js';
import { updateLedgerAfterRun } from '../src/findings/update-ledger.js';
import { FindingsRepo } from '../src/store/findings-repo.js';
import { RechecksRepo } from '../src/store/rechecks-repo.js';
import { AuditLogRepo } from '../src/store/audit-log-repo.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { CookieJar, formToken, injectLogin } from './web-fixture.js';
import { LEDGER_USERS, ledgerConsole, ledgerDistrict, type LedgerDistrict } from './ledger-fixture.js';
import { ContentRepo, type ContentFindingInput } from '../src/store/content-repo.js';
import { HOSTILE_LINK_TEXT, LONG_URL_PART, plantSiteFacts } from './site-facts-fixture.js';

let d: LedgerDistrict;
let server: FastifyInstance;
beforeEach(async () => {
  d = await ledgerDistrict();
  const s = await runAudit(d.app.loaded, { db: d.app.db, clock: d.clock });
  updateLedgerAfterRun(d.app, s.runId);
  ({ server } = await ledgerConsole(d));
});
afterEach(async () => {
  await server.close();
  await d.cleanup();
});

async function as(user: keyof typeof LEDGER_USERS): Promise<CookieJar> {
  const { jar, status } = await injectLogin(server, LEDGER_USERS[user]);
  expect(status).toBe(303);
  return jar;
}
const get = (jar: CookieJar, url: string) => server.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
const evidenceOf = (unitId: string) => new FindingsRepo(d.app.db).forUnit(unitId)[0].lastEvidence!;

describe('the site\'s national checks in the console (inject)', () => {
  function plantContent(unitId: string): void {
    const repo = new ContentRepo(d.app.db);
    const finding = (over: Partial<ContentFindingInput>): ContentFindingInput => ({
      category: 'leader-title', severity: 'serious', rule: 'r1', matched: '国务院总理', expected: '国务院副总理',
      sentence: '<script>window.__pwned=1</script>国务院总理某某到我镇调研', pageUrl: 'http://u1.example.gov.cn/gzdt/1.html', pageTitle: '调研<b>报道</b>',
      evidence: 'e'.repeat(64), valueHash: repo.valueHash(`${unitId}-${over.rule ?? 'r1'}`), ...over,
    });
    repo.save(unitId, '2026-11-19', [], [
      finding({}),
      finding({ category: 'id-number', severity: 'serious', rule: 'id', matched: '510102********1234', expected: null, sentence: '申请人身份证号510102********1234', pageUrl: 'javascript:alert(1)' }),
    ]);
  }

  it('the unit page shows open content findings (masked), availability and the census broken links, escaped; only to its own unit', async () => {
    plantSiteFacts(d.app.db, 'u1', '2026-11-20');
    plantContent('u1');
    const own = await get(await as('u1'), '/units/u1');
    expect(own.statusCode).toBe(200);
    const section = own.body.slice(own.body.indexOf('id="site-checks"'));
    expect(section).toContain('内容检查（2 项未处理）');
    expect(section).toContain('【严重表述错误】领导人职务错误：「国务院总理」，应为「国务院副总理」');
    expect(section).toContain('未脱敏的身份证号：「510102********1234」');
    expect(own.body).not.toMatch(/510102\d{8}1234/);
    expect(section).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(section).toContain('调研&lt;b&gt;报道&lt;/b&gt;');
    expect(section).not.toContain('<script');
    expect(section).not.toContain('href="javascript:');
    expect(section).toContain(`/evidence/${'e'.repeat(64)}`);
    expect(section).toContain('近 7 天探测首页 10 次，失败 3 次（30.0%）；当前无法访问');
    expect(section).toContain('2026-11-19 普查：检查链接 200 个，失效 13 个，失效比例 6.5%；上次普查（2026-11-13）10.0%');
    // The console lists every broken link (the mail lists ten).
    expect(section.match(/打开后显示“页面不存在”/g)).toHaveLength(13);
    expect(section).not.toContain('另有');
    expect(section).toContain(LONG_URL_PART);
    expect(section).toContain('&lt;img src=x onerror=');
    expect(section).not.toContain('<img');
    expect(section).toContain('新出现的栏目');
    expect(section).toContain('机构概况');

    const other = await get(await as('u2'), '/units/u2');
    const otherSection = other.body.slice(other.body.indexOf('id="site-checks"'));
    expect(otherSection).toContain('内容检查（0 项未处理）');
    expect(otherSection).toContain('尚未普查本单位网站');
    expect(otherSection).toContain('近 7 天没有可访问性探测记录');
    expect(otherSection).not.toContain('510102');
  });

  it('the office board shows each unit\'s broken-link share and availability in crawl health', async () => {
    plantSiteFacts(d.app.db, 'u2', '2026-11-20');
    const board = await get(await as('admin'), '/');
    expect(board.statusCode).toBe(200);
    const table = board.body.slice(board.body.indexOf('id="site-health"'));
    expect(table).toMatch(/<a href="\/units\/u2">[^<]+<\/a><\/td><td data-label="失效链接">6\.5%（上次 10\.0%） <span class="muted">2026-11-19<\/span>/);
    expect(table).toMatch(/data-label="可访问性" class="warn">30\.0% \/ 无法访问/);
    expect(table).toMatch(/<a href="\/units\/u1">[^<]+<\/a><\/td><td data-label="失效链接">未普查/);
    expect(table).toContain('未探测');
    expect((await get(await as('u1'), '/')).statusCode).not.toBe(200);
  });
});

describe('unit page, ledger and evidence in the console (inject)', () => {
  it('a unit account sees its own unit page with score, fix list and the recheck button, and gets 403 on another unit', async () => {
    const jar = await as('u1');
    const own = await get(jar, '/units/u1');
    expect(own.statusCode).toBe(200);
    expect(own.body).toMatch(/总分 [\d.]+ \/ 100/);
    expect(own.body).toMatch(/第9项 政务信息公开（自动检查）：[\d.]+ \/ 30/);
    expect(own.body).toContain('栏目「动态」未按时更新');
    expect(own.body).toContain('整改期限 2026-11-23');
    expect(own.body).toContain(`/evidence/${evidenceOf('u1')}`);
    expect(own.body).toContain('我已整改，申请复查');
    expect((await get(jar, '/units/u2')).statusCode).toBe(403);
    const inspector = await get(await as('inspector'), '/units/u2');
    expect(inspector.statusCode).toBe(200);
    expect(inspector.body).not.toContain('我已整改，申请复查');
  });

  it('the recheck button needs the form token; with it the request is queued, merged when repeated, and audited', async () => {
    const jar = await as('u1');
    const page = await get(jar, '/units/u1');
    const post = (token: string | null) => server.inject({
      method: 'POST', url: '/units/u1/recheck', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: token === null ? '' : `_csrf=${encodeURIComponent(token)}`,
    });
    expect((await post(null)).statusCode).toBe(403);
    expect((await post('forged')).statusCode).toBe(403);
    expect(new RechecksRepo(d.app.db).latestFor('u1')).toBeUndefined();
    const ok = await post(formToken(page.body));
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/units/u1?queued=1#recheck');
    expect((await post(formToken(page.body))).headers.location).toBe('/units/u1?queued=merged#recheck');
    expect(new RechecksRepo(d.app.db).queuedFor('u1')).toMatchObject({ requests: 2, requestedBy: 'u1-staff' });
    expect(new AuditLogRepo(d.app.db).recent(5, 'recheck-request').map((e) => [e.actor, e.target])).toEqual([['u1-staff', 'u1'], ['u1-staff', 'u1']]);
    const after = await get(jar, '/units/u1?queued=1');
    expect(after.body).toContain('排队等待复查');
    // Another unit's button is not theirs to press.
    const other = await server.inject({
      method: 'POST', url: '/units/u2/recheck', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(formToken(page.body))}`,
    });
    expect(other.statusCode).toBe(403);
    expect(new RechecksRepo(d.app.db).latestFor('u2')).toBeUndefined();
  });

  it('the ledger shows a unit account its own findings only; the office filters and exports', async () => {
    const unit = await get(await as('u1'), '/ledger?unit=u2');
    expect(unit.statusCode).toBe(200);
    expect(unit.body).toContain('单位u1');
    expect(unit.body).not.toContain('单位u2</strong>');
    const admin = await as('admin');
    const all = await get(admin, '/ledger');
    expect(all.body).toContain('共 2 条');
    expect((await get(admin, '/ledger?unit=u2&status=open')).body).toContain('共 1 条');
    expect((await get(admin, '/ledger?status=fixed')).body).toContain('共 0 条');
    const csv = await get(admin, '/ledger.csv?unit=u2');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(2);
    const unitCsv = await get(await as('u2'), '/ledger.csv?unit=u1');
    expect(unitCsv.body).toContain('单位u2,u2');
    expect(unitCsv.body).not.toContain(',u1,');
    const xlsx = await get(admin, '/ledger.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('evidence: a unit opens its own with the capture banner, not another unit\'s; the body carries the sandbox CSP', async () => {
    const jar = await as('u1');
    const own = evidenceOf('u1');
    const page = await get(jar, `/evidence/${own}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('采集时间</dt><dd>2026-11-20 02:00');
    expect(page.body).toMatch(/HTTP 状态<\/dt><dd>200/);
    expect(page.body).toContain(`sha256:${own}`);
    expect(page.body).toContain('字符集</dt><dd>utf-8');
    expect(page.body).toContain(`<iframe class="evidence-frame" sandbox src="/evidence/${own}/body"`);
    const body = await get(jar, `/evidence/${own}/body`);
    expect(body.statusCode).toBe(200);
    expect(body.headers['content-security-policy']).toBe("sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(body.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(body.body).toContain('u1动态信息5');
    const foreign = evidenceOf('u2');
    expect((await get(jar, `/evidence/${foreign}`)).statusCode).toBe(403);
    expect((await get(jar, `/evidence/${foreign}/body`)).statusCode).toBe(403);
    expect((await get(jar, `/evidence/${own}?before=${foreign}`)).statusCode).toBe(403);
    expect((await get(await as('inspector'), `/evidence/${foreign}`)).statusCode).toBe(200);
    expect((await get(jar, '/evidence/not-a-hash')).statusCode).toBe(400);
    expect((await get(await as('admin'), `/evidence/${'0'.repeat(64)}`)).statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: `/evidence/${own}` })).statusCode).toBe(303);
  });

  it('evidence: personal data in an archived page is shown masked, never whole', async () => {
    const id = '11010519491231002X';
    const raw = Buffer.from(`<p>申请人身份证号 ${id}，手机 13812345678，文号 2026-01。</p>`);
    const hash = await new EvidenceStore(d.app.db, () => d.clock.now()).put(raw, 'text/html; charset=utf-8');
    const jar = await as('admin');
    const body = await get(jar, `/evidence/${hash}/body`);
    expect(body.statusCode).toBe(200);
    expect(body.body).not.toContain(id);
    expect(body.body).not.toContain('13812345678');
    expect(body.body).toContain('1101**********002X');
    expect(body.body).toContain('138****5678');
    const page = await get(jar, `/evidence/${hash}`);
    expect(page.body).toContain('2 处 11 位以上的数字');
    expect(page.body).toContain(`sha256:${hash}`);
  });
});
