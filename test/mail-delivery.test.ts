import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SettableClock } from '../src/time/clock.js';
import { enqueueWeeklyReports } from '../src/mail/weekly-mail.js';
import { deliverOutbox } from '../src/mail/delivery.js';
import { smtpSender } from '../src/mail/sender.js';
import { Outbox } from '../src/mail/outbox.js';
import { redactor, type SmtpSettings } from '../src/mail/smtp-env.js';
import { freePort, smtpFixture, type ReceivedMail } from './smtp-fixture.js';
import { REPORT_DAY, ROOT, SCRIPT_TITLE, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

const USER = 'zwgk-sender';
const PASS = 'S3cret-pa55-不外泄';
const MAIL = `mail:
  from: 测试区政务公开办 <zwgk@test.gov.cn>
  office: [office@test.gov.cn]
  retry: { firstDelaySeconds: 60, maxDelaySeconds: 3600, giveUpHours: 72 }`;

let district: WeeklyDistrict;
beforeAll(async () => {
  district = await weeklyDistrict({ mail: MAIL });
  await district.crawl();
});
afterAll(async () => { await district?.close(); });

const settings = (port: number): SmtpSettings => ({ host: '127.0.0.1', port, secure: false, requireTls: false, rejectUnauthorized: false, user: USER, pass: PASS });

function logSink() {
  const lines: string[] = [];
  return { lines, info: (t: string) => lines.push(t), warn: (t: string) => lines.push(t) };
}

const parse = (m: ReceivedMail) => simpleParser(m.raw);
const header = (p: ParsedMail, name: string) => String(p.headers.get(name) ?? '');

describe('weekly mail delivery over SMTP', () => {
  it('renders each report once and delivers it once: subject, text, HTML and the XLSX form arrive intact', async () => {
    const clock = new SettableClock(`${REPORT_DAY}T00:00:00Z`);
    const app = district.open(clock);
    const smtp = await smtpFixture({ user: USER, pass: PASS });
    const log = logSink();
    try {
      const first = await enqueueWeeklyReports(app, REPORT_DAY);
      expect(first).toMatchObject({ created: 3, existing: 0, unitsWithoutEmail: ['河西街道办事处'] });
      expect(await enqueueWeeklyReports(app, REPORT_DAY)).toMatchObject({ created: 0, existing: 3 });

      const sender = smtpSender(settings(smtp.port));
      const pass = await deliverOutbox(app, sender, log, { redact: redactor(settings(smtp.port)) });
      expect(pass).toMatchObject({ sent: 3, retrying: 0, failed: 0 });
      expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0 });
      sender.close();
      expect(smtp.accepted).toHaveLength(3);

      const mails = await Promise.all(smtp.accepted.map(parse));
      const rows = new Outbox(app.db).list(['sent']);
      expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.messageId)));

      const shuiwu = mails.find((m) => header(m, 'x-zwgk-report') === `weekly:${REPORT_DAY}:unit:shuiwu`)!;
      expect(shuiwu.subject).toMatch(/^【否决预警】【政务公开周报】区水务局（截至 2026-11-23）第9项 [\d.]+\/30；总分 [\d.]+\/100（暂定，\d+项待录入），本周需整改 \d+ 项$/);
      expect(shuiwu.from?.text).toBe('"测试区政务公开办" <zwgk@test.gov.cn>');
      expect(smtp.accepted.find((m) => m.to.includes('shuiwu@example.gov.cn'))!.to).toEqual(['shuiwu@example.gov.cn', 'shuiwu-bgs@example.gov.cn']);
      expect(shuiwu.text).toContain("一、本周需要整改（先处理单项否决风险，再按本期还能挽回的分值排序）");
      expect(shuiwu.text).toContain(SCRIPT_TITLE);
      expect(shuiwu.html).toContain('&lt;script&gt;window.__pwned = 1;');
      expect(shuiwu.html).not.toMatch(/<script|<img/i);
      expect(shuiwu.attachments).toHaveLength(1);
      const [xlsx] = shuiwu.attachments;
      expect(xlsx.filename).toBe('考核表-区水务局-截至2026-11-23.xlsx');
      expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
      const cells = wb.worksheets[0].getSheetValues().flat().map(String).join(' ');
      expect(cells).toContain('区水务局');
      expect(cells).toContain('政务信息公开');

      const office = mails.find((m) => header(m, 'x-zwgk-report') === `weekly:${REPORT_DAY}:office`)!;
      expect(office.subject).toBe('【政务公开周报】测试区汇总（截至 2026-11-23）：3 个单位，1 个单位触发否决预警，3 个单位总分暂定（人工项待录入）');
      expect(office.text).toContain('以下单位未配置邮箱，本周报告未发送：河西街道办事处');
      expect(office.attachments).toHaveLength(0);
    } finally {
      app.close();
      await smtp.close();
    }
    // The password is never stored or logged.
    const stored = ['zwgk.sqlite', 'zwgk.sqlite-wal'].map((f) => join(district.dir, f)).filter(existsSync).map((f) => readFileSync(f));
    for (const bytes of stored) {
      expect(bytes.includes(Buffer.from(PASS))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(PASS).toString('base64')))).toBe(false);
    }
    expect(log.lines.join('\n')).not.toContain(PASS);
  });

  it('keeps reports while the server is down or refusing, retries with backoff, and delivers each exactly once', async () => {
    const asOf = '2026-11-30';
    const clock = new SettableClock(`${asOf}T00:00:00Z`);
    const app = district.open(clock);
    const port = await freePort();
    const log = logSink();
    const sender = smtpSender(settings(port));
    const outbox = new Outbox(app.db);
    const mine = () => outbox.list(['pending', 'sending', 'sent', 'uncertain', 'failed']).filter((r) => r.asOf === asOf);
    try {
      await enqueueWeeklyReports(app, asOf);
      expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0, retrying: 3 });
      expect(mine().map((r) => [r.status, r.attempts])).toEqual([['pending', 1], ['pending', 1], ['pending', 1]]);
      expect(mine()[0].lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
      expect(mine()[0].nextAttemptAt).toBe('2026-11-30T00:01:00.000Z');

      clock.advance(30_000);
      expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0, retrying: 0 });

      let refusing = true;
      const smtp = await smtpFixture({ port, user: USER, pass: PASS, answer: () => (refusing ? { code: 421, message: 'Service not available, try later' } : 'accept') });
      try {
        clock.advance(31_000);
        expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0, retrying: 3 });
        expect(mine().map((r) => r.attempts)).toEqual([2, 2, 2]);
        expect(mine()[0].lastError).toContain('421');
        expect(mine()[0].nextAttemptAt).toBe('2026-11-30T00:03:01.000Z');

        refusing = false;
        clock.advance(60_000);
        expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0 });
        clock.advance(60_000);
        expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 3 });
        clock.advance(3_600_000);
        expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0 });

        expect(smtp.accepted).toHaveLength(3);
        const ids = (await Promise.all(smtp.accepted.map(parse))).map((m) => m.messageId);
        expect(new Set(ids)).toEqual(new Set(mine().map((r) => r.messageId)));
        // Refused copies carried the same Message-ID as the one finally accepted.
        const refused = (await Promise.all(smtp.received.slice(0, 3).map(parse))).map((m) => m.messageId);
        expect(new Set(refused)).toEqual(new Set(ids));
        expect(mine().every((r) => r.status === 'sent' && r.attempts === 3)).toBe(true);
      } finally {
        await smtp.close();
      }
    } finally {
      sender.close();
      app.close();
    }
  });

  it('holds a send cut off by a crash when the config says hold, until the office releases it', async () => {
    const asOf = '2026-12-14';
    const clock = new SettableClock(`${asOf}T00:00:00Z`);
    const app = district.open(clock);
    app.loaded.config.mail.uncertain = 'hold';
    const smtp = await smtpFixture({ user: USER, pass: PASS });
    const sender = smtpSender(settings(smtp.port));
    const log = logSink();
    try {
      await enqueueWeeklyReports(app, asOf, { unitIds: ['qingshan'] });
      const outbox = new Outbox(app.db);
      const row = outbox.list(['pending']).find((r) => r.asOf === asOf)!;
      // What a process killed after claiming the row leaves behind.
      expect(outbox.claim(row.id, 'dead-host:1:x', clock.now())).toBe(1);
      expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 0, interrupted: 1 });
      expect(outbox.get(row.id)).toMatchObject({ status: 'uncertain', interrupted: 1 });
      expect(log.lines.join()).toContain(`zwgk mail resend ${row.id}`);
      expect(smtp.received).toHaveLength(0);

      expect(outbox.release([row.id], clock.now())).toBe(1);
      expect(await deliverOutbox(app, sender, log)).toMatchObject({ sent: 1 });
      const [mail] = await Promise.all(smtp.accepted.map(parse));
      expect(mail.messageId).toBe(row.messageId);
    } finally {
      sender.close();
      await smtp.close();
      app.close();
    }
  });
});

function cli(args: string[], env: Record<string, string>): { kill: () => void; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', district.configFile, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { kill: () => child.kill('SIGKILL'), done: new Promise((r) => child.on('exit', (code) => r({ code, out }))) };
}

describe('a sender killed mid-send', () => {
  it('loses no report and never sends one under two Message-IDs after the restart', async () => {
    const asOf = '2026-12-07';
    const app = district.open(new SettableClock(`${asOf}T00:00:00Z`));
    await enqueueWeeklyReports(app, asOf);
    const rows = new Outbox(app.db).list(['pending']).filter((r) => r.asOf === asOf).sort((a, b) => a.id - b.id);
    app.close();
    expect(rows).toHaveLength(3);

    let hang = true;
    let hung!: () => void;
    const hangs = new Promise<void>((r) => (hung = r));
    const smtp = await smtpFixture({
      user: USER, pass: PASS,
      answer: (_m, n) => {
        if (n === 2 && hang) {
          hung();
          return 'hang';
        }
        return 'accept';
      },
    });
    const env = { ZWGK_SMTP_HOST: '127.0.0.1', ZWGK_SMTP_PORT: String(smtp.port), ZWGK_SMTP_USER: USER, ZWGK_SMTP_PASS: PASS, ZWGK_NOW: `${asOf}T00:05:00Z` };
    try {
      const first = cli(['mail', 'send'], env);
      await hangs;
      const db = new Database(join(district.dir, 'zwgk.sqlite'), { readonly: true });
      const during = db.prepare('SELECT id, status FROM outbox WHERE as_of = ? ORDER BY id').all(asOf) as { id: number; status: string }[];
      db.close();
      expect(during.map((r) => r.status)).toEqual(['sent', 'sending', 'pending']);
      first.kill();
      expect((await first.done).code).toBeNull();
      hang = false;

      const second = await cli(['mail', 'send'], env).done;
      expect(second.code).toBe(0);
      expect(second.out).toContain('上次发送时进程中断，无法确认是否已送达；将以同一 Message-ID');
      expect(second.out).toContain('本次发送 2 封');
      expect(second.out).not.toContain(PASS);

      const status = await cli(['mail', 'status'], env).done;
      // The hold test above left one more re-sent report in the same outbox.
      expect(status.out).toMatch(/待发送 0 封，已发送 \d+ 封（其中 2 封曾因中断以同一 Message-ID 重发），无法确认 0 封，发送失败 0 封/);
      expect(status.out).not.toContain(PASS);

      const parsed = await Promise.all(smtp.received.map(parse));
      const byReport = new Map<string, Set<string>>();
      for (const m of parsed) {
        const key = header(m, 'x-zwgk-report');
        byReport.set(key, (byReport.get(key) ?? new Set()).add(m.messageId ?? ''));
      }
      // Every report arrived, each under exactly its own Message-ID; the interrupted one twice, byte for byte.
      expect([...byReport.keys()].sort()).toEqual(rows.map((r) => r.reportKey).sort());
      for (const r of rows) expect([...byReport.get(r.reportKey)!]).toEqual([r.messageId]);
      expect(smtp.received).toHaveLength(4);
      expect(smtp.received[1].raw.equals(smtp.received[2].raw)).toBe(true);

      const after = new Database(join(district.dir, 'zwgk.sqlite'), { readonly: true });
      const final = after.prepare('SELECT status, interrupted FROM outbox WHERE as_of = ? ORDER BY id').all(asOf);
      const attempts = after.prepare(`SELECT a.outcome FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.id = ? ORDER BY a.attempt`).pluck().all(rows[1].id);
      after.close();
      expect(final).toEqual([{ status: 'sent', interrupted: 0 }, { status: 'sent', interrupted: 1 }, { status: 'sent', interrupted: 0 }]);
      expect(attempts).toEqual(['interrupted', 'sent']);
    } finally {
      await smtp.close();
    }
  });
});

describe('SMTP settings from the environment', () => {
  it('reads the password from a file and never shows it; the sender address stays readable', async () => {
    const { smtpFromEnv, describeSmtp } = await import('../src/mail/smtp-env.js');
    const { writeFileSync: write, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'zwgk-pass-')), 'smtp-pass');
    write(file, `${PASS}\n`);
    const s = smtpFromEnv({ ZWGK_SMTP_HOST: 'smtp.example.gov.cn', ZWGK_SMTP_SECURE: '1', ZWGK_SMTP_USER: 'zwgk@test.gov.cn', ZWGK_SMTP_PASS_FILE: file })!;
    expect(s).toMatchObject({ host: 'smtp.example.gov.cn', port: 465, secure: true, user: 'zwgk@test.gov.cn', pass: PASS });
    expect(describeSmtp(s)).toBe('smtp.example.gov.cn:465，SSL/TLS，使用账号认证');
    const plain = Buffer.from(`\u0000zwgk@test.gov.cn\u0000${PASS}`).toString('base64');
    const redact = redactor(s, ['zwgk@test.gov.cn']);
    expect(redact(`535 auth failed for ${PASS} (${plain}) from zwgk@test.gov.cn`)).toBe('535 auth failed for *** (***) from zwgk@test.gov.cn');
    expect(redactor(s)('user zwgk@test.gov.cn')).toBe('user ***');
    expect(smtpFromEnv({})).toBeNull();
    expect(() => smtpFromEnv({ ZWGK_SMTP_HOST: 'h', ZWGK_SMTP_PORT: '70000' })).toThrow('ZWGK_SMTP_PORT 应为 1–65535 的端口号');
  });
});

describe('zwgk mail send exit status', () => {
  it('exits non-zero and says how many were not delivered while the server is down or refuses recipients; zero once all went out', async () => {
    const asOf = '2026-12-21';
    const app = district.open(new SettableClock(`${asOf}T00:00:00Z`));
    expect(await enqueueWeeklyReports(app, asOf)).toMatchObject({ created: 3 });
    app.close();
    const port = await freePort();
    const env = (now: string) => ({ ZWGK_SMTP_HOST: '127.0.0.1', ZWGK_SMTP_PORT: String(port), ZWGK_SMTP_USER: USER, ZWGK_SMTP_PASS: PASS, ZWGK_NOW: `${asOf}T${now}Z` });

    const down = await cli(['mail', 'send'], env('00:05:00')).done;
    expect(down.code).toBe(1);
    expect(down.out).toContain('本次发送 0 封，等待重试 3 封，失败 0 封。');
    expect(down.out).toContain('zwgk: 有 3 封邮件未能全部送达（等待重试 3 封），原因见 zwgk mail status');

    const smtp = await smtpFixture({ port, user: USER, pass: PASS, refuseRecipients: ['qingshan@example.gov.cn', 'shuiwu-bgs@example.gov.cn'] });
    try {
      const refusing = await cli(['mail', 'send'], env('01:00:00')).done;
      expect(refusing.code).toBe(1);
      expect(refusing.out).toContain('本次发送 2 封（其中 1 封有收件人拒收），等待重试 0 封，失败 1 封。');
      expect(refusing.out).toContain('zwgk: 有 2 封邮件未能全部送达（发送失败 1 封，部分收件人拒收 1 封），原因见 zwgk mail status');
      expect(refusing.out).toContain('以下收件人被拒收：shuiwu-bgs@example.gov.cn');
      expect(refusing.out).not.toContain(PASS);
      expect(smtp.accepted.map((m) => m.to)).toEqual(expect.arrayContaining([['shuiwu@example.gov.cn'], ['office@test.gov.cn']]));
      expect(smtp.accepted).toHaveLength(2);

      const nothingDue = await cli(['mail', 'send'], env('02:00:00')).done;
      expect(nothingDue.code).toBe(0);
      expect(nothingDue.out).toContain('本次发送 0 封，等待重试 0 封，失败 0 封。');
    } finally {
      await smtp.close();
    }
  });
});
