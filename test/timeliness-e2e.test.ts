import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { openApp } from '../src/app.js';
import { runAudit } from '../src/audit/run-audit.js';
import { importRegister } from '../src/applications/import-register.js';
import { describeMailboxCrawls } from '../src/mailbox/crawl-mailboxes.js';
import { scoreStored } from '../src/score-stored.js';
import { SettableClock } from '../src/time/clock.js';
import { scoreDocument } from '../reports/score-json.js';
import { scoreText } from '../reports/score-text.js';
import { m8Routes, mailboxSite, sampleLetters } from './mailbox-fixture.js';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
let server: SiteServer;
beforeAll(async () => { server = await serveSite({ routes: m8Routes(mailboxSite(sampleLetters())) }); });
afterAll(async () => { await server.close(); });

function district(period = '{ start: 2021-01-01, end: 2021-12-31 }'): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-timeliness-'));
  mkdirSync(join(dir, 'schemes'));
  copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(dir, 'schemes/s.yaml'));
  writeFileSync(join(dir, 'district.yaml'), `district:
  name: 测试区
  period: ${period}
  scheme: schemes/s.yaml
  dataDir: data
crawl: { allowPrivateHosts: [127.0.0.1] }
units:
  - { id: transport, name: 区交通运输局, type: department }
  - { id: housing, name: 区住建局, type: department }
  - { id: edu, name: 区教育局, type: department, aliases: [雁江区教育局] }
  - { id: culture, name: 区文旅局, type: department }
  - { id: hr, name: 区人社局, type: department }
  - { id: city, name: 区城管局, type: department }
mailbox:
  - { id: mayor, name: 区长信箱, url: "${server.origin}/m8/list.html", shape: M8 }
`);
  writeFileSync(join(dir, 'register.csv'), `编号,受理单位,申请日期,是否补正,补正告知日期,补正收到日期,是否延期,答复日期
YS-1,区教育局,2021-03-01,否,,,否,2021-03-30
YS-2,区教育局,2021-04-01,是,2021-04-06,2021-05-10,否,2021-06-04
YS-3,区住建局,2021-09-01,否,,,是,2021-10-29
`);
  return dir;
}

describe('mailbox and applications in the nightly run and zwgk score', () => {
  it('crawls the mailbox after the units, attributes letters, and scores both parts per unit', async () => {
    const dir = district();
    const app = openApp(join(dir, 'district.yaml'), new SettableClock('2021-12-06T15:00:00Z'));
    try {
      const summary = await runAudit(app.loaded, { db: app.db, clock: app.clock, asOf: '2021-12-06' });
      expect(summary.mailboxes).toEqual([expect.objectContaining({ mailboxId: 'mayor', status: 'ok', lettersListed: 10, detailsFetched: 10 })]);
      expect(describeMailboxCrawls(summary.mailboxes)).toBe('\n信箱“区长信箱”：读取 3 个列表页、10 封信件（新信 10 封），读取信件页面 10 个');
      await importRegister(app.db, join(dir, 'register.csv'), app.loaded.config, app.clock.now());

      const scores = scoreStored(app, '2021-12-06');
      const doc = JSON.parse(JSON.stringify(scoreDocument(app.loaded, '2021-12-06', scores.units, scores.notes)));
      const unit = (id: string) => doc.units.find((u: { id: string }) => u.id === id);

      // 区交通运输局: one letter over the Spring Festival, 7 working days → 0 of 1 on time.
      expect(unit('transport').mailbox).toMatchObject({
        score: 0, max: 5,
        letters: [{ id: 'YJ20210205001', title: '关于春节期间公交线路调整的咨询', submitted: '2021-02-05', replied: '2021-02-20', workdays: 7, limit: 5, onTime: false, status: 'late', satisfaction: 'satisfied' }],
      });
      expect(unit('transport').satisfactionRate).toBe(1);
      // 区住建局: Feb 10 → Feb 18 (1 working day) and Sep 30 → Saturday Oct 9 (2), both on time.
      expect(unit('housing').mailbox).toMatchObject({ score: 5, counted: 2, onTimeCount: 2 });
      // 区教育局: the alias 雁江区教育局 brings the holiday-submitted letter; the December letter is still open.
      expect(unit('edu').mailbox.letters.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([['YJ20210213003', 'on-time'], ['YJ20211201007', 'open']]);
      expect(unit('edu').applications).toMatchObject({
        score: 2.5, max: 5, counted: 2, onTimeCount: 1,
        cases: [{ id: 'YS-1', workdays: 21, onTime: false, status: 'late' }, { id: 'YS-2', clockStart: '2021-05-10', workdays: 19, onTime: true }],
      });
      expect(unit('housing').applications.cases).toEqual([expect.objectContaining({ id: 'YS-3', extended: true, limit: 40, workdays: 38, onTime: true })]);
      // 区城管局: unanswered since August → the 3-month veto.
      expect(unit('city').mailbox).toMatchObject({ score: 0, vetoed: true, letters: [{ status: 'overdue', vetoed: true }] });
      expect(unit('culture').applications).toMatchObject({ score: 5, cases: [] });
      expect(doc.unmatchedHandlers).toEqual([{ name: '某某片区管委会', letters: 1, cases: 0 }]);
      expect(doc.calendarWarnings).toEqual([]);

      const text = scoreText(doc);
      expect(text).toContain('信箱回复：0 / 5（1 封信件，1 封已可判定，其中 0 封按时；满意率 100%（1/1））');
      expect(text).toContain('✗ ［咨询］《关于春节期间公交线路调整的咨询》（YJ20210205001）2021-02-05 提交，2021-02-20 回复，用 7 个工作日，超过时限 5 个工作日');
      expect(text).toContain('至今未回复，已过');
      expect(text).toContain('超过 3 个月未回复（单项否决）');
      expect(text).toContain('依申请公开：2.5 / 5（2 件，2 件已可判定，其中 1 件按时）');
      expect(text).toContain('✗ 申请 YS-1（2021-03-01 收到）2021-03-30 答复，用 21 个工作日，超过时限 20 个工作日');
      expect(text).toContain('以下办理单位名称未对应到任何单位');
      expect(text).toContain('  某某片区管委会：信件 1 封');
      expect(unit('edu').satisfactionRate).toBe(0);
    } finally {
      app.close();
    }
  });

  it('warns loudly about a year the calendar does not cover', async () => {
    const dir = district('{ start: 2027-01-01, end: 2027-12-31 }');
    const app = openApp(join(dir, 'district.yaml'), new SettableClock('2027-03-01T15:00:00Z'));
    try {
      app.db.prepare(`INSERT INTO applications (code, unit_name, received_on, correction, extended, replied_on, first_import, last_import, source_row)
        VALUES ('Z-1', '区教育局', '2027-02-01', 0, 0, '2027-02-10', 1, 1, 2)`).run();
      const scores = scoreStored(app, '2027-03-01');
      const doc = scoreDocument(app.loaded, '2027-03-01', scores.units, scores.notes);
      expect(doc.calendarWarnings).toEqual([expect.stringContaining('2027 年不在工作日日历中（chinese-days 只含 2004–2026 年')]);
      expect(scoreText(doc)).toContain('⚠ 警告：2027 年不在工作日日历中');
    } finally {
      app.close();
    }
  });

  it('zwgk import applications and zwgk score --json from the command line', async () => {
    const dir = district();
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '-c', join(dir, 'district.yaml'), ...args], { cwd: ROOT });
    const imported = await cli('import', 'applications', join(dir, 'register.csv'));
    expect(imported.stdout).toContain('已导入 3 件依申请公开：新增 3 件，更新 0 件，未变 0 件');
    writeFileSync(join(dir, 'bad.csv'), '编号,受理单位,申请日期,答复日期\nB-1,区财政局,2021-03-01,2021-02-01\n');
    const failed = await cli('import', 'applications', join(dir, 'bad.csv')).then(() => null, (err: { code: number; stderr: string }) => err);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('第 2 行，“答复日期”列：答复日期 2021-02-01 早于申请日期 2021-03-01');
    const scored = await cli('score', '--json', '--as-of', '2021-12-06');
    const doc = JSON.parse(scored.stdout);
    expect(doc.units.find((u: { id: string }) => u.id === 'housing').applications).toMatchObject({ score: 5, cases: [{ id: 'YS-3' }] });
    expect(doc.units[0]).toHaveProperty('satisfactionRate', null);
    expect(doc.unmatchedHandlers).toEqual([]);
  });
});
