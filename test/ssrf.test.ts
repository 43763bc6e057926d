import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { runAudit } from '../src/audit/run-audit.js';
import { crawlMailbox } from '../src/mailbox/crawl-mailbox.js';
import { mailboxSchema } from '../src/config/mailbox-schema.js';
import { addressPolicy, type AddressPolicy } from '../src/fetch/address-policy.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { HttpCache } from '../src/fetch/http-cache.js';
import { HttpFetcher } from '../src/fetch/http-fetcher.js';
import { describeOutcome } from '../src/fetch/types.js';
import { openApp } from '../src/app.js';
import { scoreStored } from '../src/score-stored.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { SettableClock } from '../src/time/clock.js';
import type { Db } from '../src/store/db.js';
import { FIXTURES, columnDeps, crawlConfig, tempDb } from './helpers.js';
import { hostsTable, trapServer, type Trap } from './ssrf-fixture.js';

/** Issue part 6: nothing on a unit's site can make the crawler request a loopback, private or metadata address. */

const ROOT = resolve(import.meta.dirname, '..');
const clock = new SettableClock('2026-11-20T02:00:00Z');
let trap: Trap;
let trap6: Trap;
let site: SiteServer;
const sitePort = () => new URL(site.origin).port;

function html(res: http.ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

const redirect = (status: number, location: string): RouteHandler => (_req, res) => {
  res.writeHead(status, { location }).end();
};

function s1List(rows: [title: string, date: string, url: string][]): string {
  const items = rows.map(([title, date, url]) => `<li><a href="${url}" title="${title}">${title}</a><span>${date}</span></li>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作动态</title></head><body>
<ul class="u-list">${items.join('\n')}</ul>
<script>createPageHTML(1, 0, "index", "html");</script></body></html>`;
}

beforeAll(async () => {
  trap = await trapServer('127.0.0.2');
  trap6 = await trapServer('::1');
  const inside = `${trap.origin}/admin/index.html`;
  site = await serveSite({
    routes: {
      '/ok/index.html': (_req, res) => html(res, s1List([['镇政府召开安全生产会议', '2026-11-15', './t1.html']])),
      '/moved/': redirect(302, inside),
      '/moved-twice/': redirect(301, '/moved/'),
      '/moved-to-name/': redirect(302, `http://rebind.example:${trap.port}/`),
      '/stub/': (_req, res) => html(res, `<!DOCTYPE html><html><body><script>window.location.href = "${inside}";</script></body></html>`),
      '/refresh/': (_req, res) => html(res, `<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=${inside}"></head><body></body></html>`),
      '/s7/iIndex.jsp': (_req, res) => html(res, readFileSync(join(FIXTURES, 'pages/s7/iIndex.jsp'), 'utf8')
        .replace('src="iList.jsp?cat_id=12"', `src="${trap.origin}/s7/iList.jsp?cat_id=12"`)),
      '/s6/index.html': (_req, res) => html(res, readFileSync(join(FIXTURES, 'pages/s6/undated/index.html'), 'utf8')
        .replace('./content/post_103.html', `${trap.origin}/content/post_103.html`)),
      '/s1/index.html': (_req, res) => html(res, s1List([
        ['关于做好冬季森林防火工作的通知', '2026-11-18', `${trap.origin}/t1.html`],
        ['镇政府召开脱贫攻坚推进会', '2026-11-10', 'http://169.254.169.254/latest/meta-data/'],
        ['年度政务公开工作要点', '2026-10-30', './t3.html'],
      ])),
      '/m8/list.html': (_req, res) => html(res, `<table class="list"><tr><th>编号</th><th>标题</th><th>类型</th><th>时间</th><th>单位</th><th>回复状态</th></tr>
        <tr><td>YJ20211201007</td><td><a href="${trap.origin}/m8/show.html?id=107">关于路灯不亮的反映</a></td><td>投诉</td><td>2021-12-01</td><td>区城管局</td><td>未回复</td></tr>
        </table><div class="pages">共 1 条 共 1 页</div>`),
    },
  });
});

afterAll(async () => {
  await Promise.all([trap.close(), trap6.close(), site.close()]);
});

/** Each test starts with the traps untouched; every test ends by checking they still are. */
function expectTrapsUntouched(): void {
  expect(trap.requests).toEqual([]);
  expect(trap.connections).toBe(0);
  expect(trap6.connections).toBe(0);
}

function fetcherFor(db: Db, allow: string[] = ['127.0.0.1'], policy?: AddressPolicy): HttpFetcher {
  return new HttpFetcher(crawlConfig({ allowPrivateHosts: allow }), new EvidenceStore(db, () => clock.now()), new HttpCache(db), clock, policy);
}

async function crawl(path: string, deps: Parameters<typeof columnDeps>[2] = {}) {
  const t = tempDb();
  const fetcher = fetcherFor(t.db);
  try {
    return await crawlColumn({ name: '工作动态', url: `${site.origin}${path}`, category: 'news', required: [] }, columnDeps(t.db, fetcher, deps));
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('static fetching with only 127.0.0.1 allowed', () => {
  beforeEach(() => {
    trap.reset();
    trap6.reset();
  });

  it('refuses an entry URL on 127.0.0.2 without sending or retrying, and the column is unreachable', async () => {
    const t = tempDb();
    const fetcher = fetcherFor(t.db);
    try {
      const r = await fetcher.fetch({ url: `${trap.origin}/gzdt/index.html` });
      expect(r).toMatchObject({ outcome: 'refused', attempts: 1, error: '127.0.0.2 是本机回环地址', finalUrl: `${trap.origin}/gzdt/index.html` });
      expect(describeOutcome(r)).toBe('地址为内网或本机，已拒绝访问：127.0.0.2 是本机回环地址');
      const obs = await crawlColumn({ name: '工作动态', url: `${trap.origin}/gzdt/`, category: 'news', required: [] }, columnDeps(t.db, fetcher));
      expect(obs).toMatchObject({ status: 'unreachable', reason: '地址为内网或本机，已拒绝访问：127.0.0.2 是本机回环地址', items: [] });
      expect(obs.fetches.map((f) => f.outcome)).toEqual(['refused']);
    } finally {
      fetcher.close();
      t.cleanup();
    }
    expectTrapsUntouched();
  });

  it('refuses an HTTP redirect into 127.0.0.2, on the first hop or a later one', async () => {
    for (const path of ['/moved/', '/moved-twice/']) {
      const obs = await crawl(path);
      expect(obs.status).toBe('unreachable');
      expect(obs.fetches).toHaveLength(1);
      expect(obs.fetches[0]).toMatchObject({ outcome: 'refused', finalUrl: `${trap.origin}/admin/index.html`, error: '127.0.0.2 是本机回环地址' });
    }
    expectTrapsUntouched();
  });

  it('never follows a script stub into 127.0.0.2 and refuses an S7 rightFrame iframe that points there', async () => {
    // A stub is a finding about the column; its target is never fetched at all.
    const stub = await crawl('/stub/');
    expect(stub.status).toBe('redirect');
    expect(stub.findings).toContainEqual({ kind: 'redirect-stub', to: `${trap.origin}/admin/index.html`, via: 'script' });
    expect(stub.fetches.map((f) => [f.outcome, f.url])).toEqual([['ok', `${site.origin}/stub/`]]);
    const s7 = await crawl('/s7/iIndex.jsp');
    expect(s7.status).toBe('unreachable');
    expect(s7.fetches.map((f) => [f.outcome, f.url])).toEqual([['ok', `${site.origin}/s7/iIndex.jsp`], ['refused', `${trap.origin}/s7/iList.jsp?cat_id=12`]]);
    // Nor is a meta refresh.
    const refresh = await crawl('/refresh/');
    expect(refresh.status).toBe('redirect');
    expect(refresh.fetches.map((f) => f.url)).toEqual([`${site.origin}/refresh/`]);
    expectTrapsUntouched();
  });

  it('refuses the detail page of an undated S6 item: it stays undated, the list is still read', async () => {
    const obs = await crawl('/s6/index.html');
    expect(obs.status).toBe('ok');
    expect(obs.undatedCount).toBe(5);
    const details = obs.fetches.filter((f) => f.purpose === 'detail');
    expect(details.map((f) => f.outcome)).toEqual(['http-4xx', 'http-4xx', 'refused', 'http-4xx', 'http-4xx']);
    expect(details[2]).toMatchObject({ url: `${trap.origin}/content/post_103.html`, error: '127.0.0.2 是本机回环地址' });
    expectTrapsUntouched();
  });

  it('refuses link checks into 127.0.0.2 and the metadata address, and records them as such', async () => {
    const obs = await crawl('/s1/index.html', { linkCheckCount: 3 });
    expect(obs.status).toBe('ok');
    expect(obs.linkChecks.map((l) => [l.outcome, l.url])).toEqual([
      ['refused', `${trap.origin}/t1.html`],
      ['refused', 'http://169.254.169.254/latest/meta-data/'],
      ['http-4xx', `${site.origin}/s1/t3.html`],
    ]);
    expect(obs.fetches.filter((f) => f.purpose === 'link').map((f) => f.error)).toEqual([
      '127.0.0.2 是本机回环地址', '169.254.169.254 是云服务器元数据地址', 'HTTP 404',
    ]);
    expectTrapsUntouched();
  });

  it('refuses a mailbox letter page on 127.0.0.2 and counts it as not read', async () => {
    const t = tempDb();
    const fetcher = fetcherFor(t.db);
    try {
      const config = mailboxSchema.parse({ id: 'mayor', name: '区长信箱', url: `${site.origin}/m8/list.html`, shape: 'M8' });
      const s = await crawlMailbox(config, { fetcher, db: t.db, clock, today: '2021-12-20', runId: null });
      expect(s).toMatchObject({ lettersListed: 1, detailsFetched: 0, detailsFailed: 1 });
    } finally {
      fetcher.close();
      t.cleanup();
    }
    expectTrapsUntouched();
  });

  it('sees through every spelling of a loopback or unspecified address, and refuses localhost by name', async () => {
    const t = tempDb();
    const fetcher = fetcherFor(t.db);
    const before = site.requests;
    const cases: [url: string, reason: string][] = [
      [`http://2130706434:${trap.port}/`, '127.0.0.2 是本机回环地址'],
      [`http://0x7f.0.0.2:${trap.port}/`, '127.0.0.2 是本机回环地址'],
      [`http://127.2:${trap.port}/`, '127.0.0.2 是本机回环地址'],
      [`http://017700000002:${trap.port}/`, '127.0.0.2 是本机回环地址'],
      [`http://[::ffff:127.0.0.2]:${trap.port}/`, '::ffff:7f00:2 是本机回环地址'],
      [`http://[::1]:${trap6.port}/`, '::1 是本机回环地址'],
      [`http://[0:0:0:0:0:0:0:1]:${trap6.port}/`, '::1 是本机回环地址'],
      [`http://0.0.0.0:${sitePort()}/ok/index.html`, '0.0.0.0 是本机或保留地址'],
      [`http://[::]:${trap6.port}/`, ':: 是本机或保留地址'],
      [`http://localhost:${sitePort()}/ok/index.html`, 'localhost 是本机地址'],
      [`http://LOCALHOST.:${sitePort()}/ok/index.html`, 'localhost 是本机地址'],
      [`http://www.localhost:${sitePort()}/ok/index.html`, 'www.localhost 是本机地址'],
    ];
    try {
      for (const [url, reason] of cases) {
        expect(await fetcher.fetch({ url }), url).toMatchObject({ outcome: 'refused', error: reason, attempts: 1 });
      }
      // The allowed address is allowed however it is spelled.
      expect((await fetcher.fetch({ url: `http://2130706433:${sitePort()}/ok/index.html` })).outcome).toBe('ok');
    } finally {
      fetcher.close();
      t.cleanup();
    }
    expect(site.requests).toBe(before + 1);
    expectTrapsUntouched();
  });
});

describe('names are judged by the addresses they resolve to, when connecting', () => {
  const hosts = hostsTable({
    'rebind.example': ['127.0.0.2'],
    'mixed.example': ['203.0.113.7', '127.0.0.2'],
    'intranet.example': ['127.0.0.2'],
    'v6.example': ['::1'],
  });

  it('refuses metadata names and addresses without a DNS query or a connection', async () => {
    const t = tempDb();
    const fetcher = fetcherFor(t.db, ['127.0.0.1'], addressPolicy(['127.0.0.1'], hosts.resolve));
    try {
      for (const [url, reason] of [
        ['http://169.254.169.254/latest/meta-data/iam/', '169.254.169.254 是云服务器元数据地址'],
        ['http://100.100.100.200/latest/meta-data/', '100.100.100.200 是云服务器元数据地址'],
        ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal 是云服务器元数据地址'],
        ['http://Metadata/computeMetadata/v1/', 'metadata 是云服务器元数据地址'],
        ['http://[fd00:ec2::254]/latest/meta-data/', 'fd00:ec2::254 是云服务器元数据地址'],
      ]) {
        expect(await fetcher.fetch({ url }), url).toMatchObject({ outcome: 'refused', error: reason, attempts: 1, status: undefined });
      }
    } finally {
      fetcher.close();
      t.cleanup();
    }
    expect(hosts.asked).toEqual([]);
    expectTrapsUntouched();
  });

  it('refuses a name resolving to 127.0.0.2, or to a public and a private address, at connection time', async () => {
    const t = tempDb();
    const fetcher = fetcherFor(t.db, ['127.0.0.1'], addressPolicy(['127.0.0.1'], hosts.resolve));
    try {
      expect(await fetcher.fetch({ url: `http://rebind.example:${trap.port}/` }))
        .toMatchObject({ outcome: 'refused', error: 'rebind.example 解析到 127.0.0.2（本机回环地址）', attempts: 1 });
      expect(await fetcher.fetch({ url: `https://mixed.example:${trap.port}/` }))
        .toMatchObject({ outcome: 'refused', error: 'mixed.example 解析到 127.0.0.2（本机回环地址）' });
      expect(await fetcher.fetch({ url: `http://V6.example:${trap6.port}/` }))
        .toMatchObject({ outcome: 'refused', error: 'v6.example 解析到 ::1（本机回环地址）' });
      // A redirect to such a name is refused the same way.
      expect(await fetcher.fetch({ url: `${site.origin}/moved-to-name/` }))
        .toMatchObject({ outcome: 'refused', finalUrl: `http://rebind.example:${trap.port}/`, error: 'rebind.example 解析到 127.0.0.2（本机回环地址）' });
    } finally {
      fetcher.close();
      t.cleanup();
    }
    expect(hosts.asked).toEqual(['rebind.example', 'mixed.example', 'v6.example', 'rebind.example']);
    expectTrapsUntouched();
  });

  it('lets a configured private host through: by CIDR range, by address, or by name', async () => {
    const t = tempDb();
    try {
      for (const allow of [['127.0.0.1', '127.0.0.0/30'], ['127.0.0.1', '127.0.0.2'], ['127.0.0.1', 'Intranet.Example']]) {
        const fetcher = fetcherFor(t.db, allow, addressPolicy(allow, hosts.resolve));
        try {
          expect((await fetcher.fetch({ url: `http://intranet.example:${trap.port}/a.html` })).outcome, allow.join()).toBe('ok');
          if (!allow[1].includes('Example')) expect((await fetcher.fetch({ url: `${trap.origin}/b.html` })).outcome).toBe('ok');
        } finally {
          fetcher.close();
        }
      }
      // 10.0.0.0/8 allowed does not open 127.0.0.2.
      const other = fetcherFor(t.db, ['127.0.0.1', '10.0.0.0/8'], addressPolicy(['127.0.0.1', '10.0.0.0/8'], hosts.resolve));
      expect((await other.fetch({ url: `http://intranet.example:${trap.port}/c.html` })).outcome).toBe('refused');
      other.close();
    } finally {
      t.cleanup();
    }
    expect(trap.requests).toEqual([
      `intranet.example:${trap.port} /a.html`, `127.0.0.2:${trap.port} /b.html`,
      `intranet.example:${trap.port} /a.html`, `127.0.0.2:${trap.port} /b.html`,
      `intranet.example:${trap.port} /a.html`,
    ]);
    trap.reset();
  });
});

describe('refused requests in the store and the score', () => {
  beforeEach(() => {
    trap.reset();
    trap6.reset();
  });

  it('stores a refused fetch with its outcome and reason, and scores the column as could-not-check', async () => {
    const t = tempDb();
    mkdirSync(join(t.dir, 'schemes'));
    copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(t.dir, 'schemes/s.yaml'));
    writeFileSync(join(t.dir, 'district.yaml'), `district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: schemes/s.yaml
  dataDir: data
crawl: { allowPrivateHosts: [127.0.0.1], retries: 0, linkCheckCount: 0, browser: { enabled: false } }
units:
  - id: town-a
    name: 甲镇
    type: town
    columns:
      - { name: 工作动态, url: "${site.origin}/ok/index.html", category: news }
      - { name: 通知公告, url: "${site.origin}/moved/", category: notice }
`);
    const app = openApp(join(t.dir, 'district.yaml'), new SettableClock('2026-11-20T02:00:00Z'));
    try {
      const summary = await runAudit(app.loaded, { db: app.db, clock: app.clock, asOf: '2026-11-20' });
      const rows = new ObservationsRepo(app.db).fetchesOf(summary.runId, 'town-a');
      expect(rows.find((r) => r.columnName === '通知公告')).toMatchObject({
        purpose: 'list', url: `${site.origin}/moved/`, finalUrl: `${trap.origin}/admin/index.html`,
        outcome: 'refused', statusCode: null, error: '127.0.0.2 是本机回环地址', viaBrowser: 0,
      });
      const columns = scoreStored(app, '2026-11-20').units[0].platform.columns;
      expect(columns.map((c) => [c.name, c.status])).toEqual([['工作动态', 'ok'], ['通知公告', 'unreachable']]);
    } finally {
      app.close();
      t.cleanup();
    }
    expectTrapsUntouched();
  });
});
