import cron, { type ScheduledTask } from 'node-cron';
import { join, resolve, dirname } from 'node:path';
import type { App } from '../app.js';
import type { AuditSummary } from '../audit/run-audit.js';
import { auditWithBrowser } from '../audit/audit-with-browser.js';
import { EvidenceStore } from '../fetch/evidence-store.js';
import { deliverOutbox } from '../mail/delivery.js';
import type { MailSender } from '../mail/sender.js';
import { enqueueWeeklyReports } from '../mail/weekly-mail.js';
import { writeWeeklyReports } from '../../reports/weekly-files.js';
import { terminalSafe } from '../../reports/escape.js';
import { CronTimes, wallClock, zonedDate } from './cron-times.js';
import { JobsRepo, type JobTrigger } from './jobs-repo.js';
import { LockBusyError } from './run-lock.js';
import { withAuditLock } from './audit-lock.js';
import { describeLedgerUpdate, updateLedgerAfterRun } from '../findings/update-ledger.js';
import { RecheckWorker } from '../findings/recheck-worker.js';
import { HostQueues } from '../fetch/host-queues.js';
import { HttpFetcher } from '../fetch/http-fetcher.js';
import { HttpCache } from '../fetch/http-cache.js';
import { probeRound, type ProbeRoundResult } from '../probes/run-probes.js';

export interface DaemonLog {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

export interface DaemonOptions {
  app: App;
  /** Null when no SMTP server is configured: reports are only written to files, if configured. */
  sender: MailSender | null;
  log: DaemonLog;
  redact?: (text: string) => string;
  /** Replaces the real audit (tests); receives the signal that stops starting new units. */
  audit?: (signal: AbortSignal) => Promise<AuditSummary>;
  /** How long a scheduled job waits for another process's audit to end; default 6 hours. */
  lockWaitMs?: number;
  /** How often the availability probes look for units that are due; default one minute (0: never, tests call `probeTick`). */
  probeCheckMs?: number;
}

/** Within this long of the next nightly slot, a missed one is not caught up: the next one is near. */
const CATCH_UP_QUIET_MS = 60 * 60_000;

/**
 * The long-running process: nightly audit, weekly reports, and the mail outbox. Jobs of this process run
 * one after another; against other processes (`zwgk run`) the SQLite `audit` lock keeps audits apart.
 */
export class Daemon {
  readonly timezone: string;
  readonly nightlyTimes: CronTimes;
  readonly weeklyTimes: CronTimes;
  private readonly jobs: JobsRepo;
  private readonly stopping = new AbortController();
  private tasks: ScheduledTask[] = [];
  private chain: Promise<void> = Promise.resolve();
  private mailTimer: NodeJS.Timeout | null = null;
  private mailPass: Promise<void> = Promise.resolve();
  /** Units' "我已整改，申请复查" requests, run as they come (under the same audit lock). */
  private readonly rechecks: RecheckWorker;
  /** One set of per-host queues for the nightly crawl and the probes, so together they keep each host's limits. */
  readonly queues: HostQueues;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing: Promise<ProbeRoundResult | null> | null = null;
  private probeFetcher: HttpFetcher | null = null;

  constructor(private readonly opts: DaemonOptions) {
    const { config } = opts.app.loaded;
    this.timezone = config.schedule.timezone ?? config.district.timezone;
    this.nightlyTimes = new CronTimes(config.schedule.nightly, this.timezone);
    this.weeklyTimes = new CronTimes(config.schedule.weekly, this.timezone);
    this.jobs = new JobsRepo(opts.app.db);
    this.rechecks = new RecheckWorker({ app: opts.app, log: opts.log });
    this.queues = new HostQueues(config.crawl);
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Catches up a missed night (and week), then follows the schedule. Resolves once everything is set up. */
  start(): { catchUp: Promise<void> } {
    const { config } = this.opts.app.loaded;
    const now = this.now();
    for (const [name, times] of [['每夜检查', this.nightlyTimes], ['每周报告', this.weeklyTimes]] as const) {
      const next = times.next(now);
      if (!next) throw new Error(`计划「${times.expression}」在 8 天内不会触发，请检查 schedule 配置`);
      this.opts.log.info(`${name}：${times.expression}（${this.timezone}），下次 ${wallClock(next, this.timezone)}`);
    }
    if (!this.opts.sender) this.opts.log.warn('未配置 SMTP 服务器（ZWGK_SMTP_HOST），周报不发邮件' + (config.schedule.weeklyOutDir ? `，只写入 ${config.schedule.weeklyOutDir}` : ''));

    const catchUp = config.schedule.catchUp ? this.catchUp(now) : Promise.resolve();
    const cronOpts = { timezone: this.timezone, noOverlap: true };
    this.tasks = [
      cron.schedule(config.schedule.nightly, () => this.nightly('schedule', this.nightlyTimes.previous(this.now()) ?? this.now()), { ...cronOpts, name: 'zwgk-nightly' }),
      cron.schedule(config.schedule.weekly, () => this.weekly('schedule', this.weeklyTimes.previous(this.now()) ?? this.now()), { ...cronOpts, name: 'zwgk-weekly' }),
    ];
    if (this.opts.sender) this.scheduleMail(0);
    this.rechecks.start();
    const probeEvery = this.opts.probeCheckMs ?? 60_000;
    if (config.probes.enabled && probeEvery > 0) {
      this.opts.log.info(`首页可用性探测：每个单位每天 ${config.probes.perDay} 次，均匀分布；连续 ${config.probes.failuresToAlert} 次失败时通知政务公开办`);
      this.probeTimer = setInterval(() => void this.probeTick(), probeEvery);
    }
    return { catchUp };
  }

  /** Stops scheduling, lets the unit in flight finish (new units are not started), and waits for the jobs to end. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('守护进程正在停止'));
    await Promise.all(this.tasks.map((t) => t.destroy()));
    if (this.mailTimer) clearTimeout(this.mailTimer);
    await this.rechecks.stop();
    if (this.probeTimer) clearInterval(this.probeTimer);
    await this.probing;
    this.probeFetcher?.close();
    await this.chain;
    await this.mailPass;
    this.nightlyTimes.dispose();
    this.weeklyTimes.dispose();
  }

  /** The latest nightly slot, if its audit never completed and the next slot is not near. */
  missedNightly(now: Date): Date | null {
    const slot = this.nightlyTimes.previous(now);
    if (!slot || this.jobs.fullAuditDoneSince(slot) || this.jobs.doneFor('nightly', slot)) return null;
    const next = this.nightlyTimes.next(now);
    if (next && next.getTime() - now.getTime() < CATCH_UP_QUIET_MS) return null;
    return slot;
  }

  /** The latest weekly slot, if its reports were not made and it is recent enough to still send them. */
  missedWeekly(now: Date): Date | null {
    const hours = this.opts.app.loaded.config.schedule.weeklyCatchUpHours;
    const slot = this.weeklyTimes.previous(now);
    if (!slot || hours <= 0 || now.getTime() - slot.getTime() > hours * 3_600_000) return null;
    return this.jobs.doneFor('weekly', slot) ? null : slot;
  }

  nightly(trigger: JobTrigger, slot: Date): Promise<void> {
    return this.enqueue(() => this.runNightly(trigger, slot));
  }

  weekly(trigger: JobTrigger, slot: Date): Promise<void> {
    return this.enqueue(() => this.runWeekly(trigger, slot));
  }

  private catchUp(now: Date): Promise<void> {
    const night = this.missedNightly(now);
    const week = this.missedWeekly(now);
    const jobs: Promise<void>[] = [];
    if (night) {
      this.opts.log.info(`补做错过的每夜检查（应于 ${wallClock(night, this.timezone)} 进行）`);
      jobs.push(this.nightly('catch-up', night));
    }
    if (week) {
      this.opts.log.info(`补发错过的每周报告（应于 ${wallClock(week, this.timezone)} 发送）`);
      jobs.push(this.weekly('catch-up', week));
    }
    return Promise.all(jobs).then(() => undefined);
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.stopping.signal.aborted) return;
      await job();
    });
    this.chain = run.catch(() => undefined);
    return this.chain;
  }

  private async runNightly(trigger: JobTrigger, slot: Date): Promise<void> {
    const { log } = this.opts;
    const id = this.jobs.start('nightly', slot, trigger, this.now());
    try {
      const summary = await this.underAuditLock('每夜检查', (signal) => (this.opts.audit ?? ((s) => this.realAudit(s)))(signal));
      if (summary.aborted) {
        this.jobs.finish(id, 'aborted', `第 ${summary.runId} 次检查因停止而中断，已完成 ${summary.unitsCrawled + summary.unitsSkipped} 个单位`, this.now());
        log.warn(`每夜检查已中断（第 ${summary.runId} 次检查）：已完成的单位已保存，下次启动时续跑`);
      } else {
        this.jobs.finish(id, 'done', `第 ${summary.runId} 次检查，${summary.unitsCrawled} 个单位，${summary.pages} 个列表页`, this.now());
        log.info(`每夜检查完成：第 ${summary.runId} 次检查，${summary.unitsCrawled} 个单位${summary.resumed ? `（续跑，跳过已完成的 ${summary.unitsSkipped} 个）` : ''}，${summary.pages} 个列表页`);
        this.updateLedger(summary.runId);
      }
    } catch (err) {
      this.jobs.finish(id, this.stopping.signal.aborted ? 'aborted' : 'failed', message(err), this.now());
      log.error(`每夜检查失败：${message(err)}`);
    }
  }

  /** The 整改 ledger follows every finished audit; a failure there is logged, the night stays done. */
  private updateLedger(runId: number): void {
    try {
      this.opts.log.info(describeLedgerUpdate(updateLedgerAfterRun(this.opts.app, runId)));
    } catch (err) {
      this.opts.log.error(`整改台账更新失败：${message(err)}`);
    }
  }

  private async runWeekly(trigger: JobTrigger, slot: Date): Promise<void> {
    const { app, log } = this.opts;
    const { config } = app.loaded;
    const asOf = zonedDate(slot, this.timezone);
    const id = this.jobs.start('weekly', slot, trigger, this.now());
    try {
      const detail = await this.underAuditLock('生成周报', async () => {
        const parts: string[] = [];
        if (this.opts.sender) {
          const r = await enqueueWeeklyReports(app, asOf);
          parts.push(`新生成 ${r.created} 封邮件${r.existing ? `，已生成过 ${r.existing} 封` : ''}`);
          if (r.unitsWithoutEmail.length) log.warn(`以下单位未配置邮箱，周报未发送：${r.unitsWithoutEmail.join('、')}`);
          if (r.officeWithoutRecipients) log.warn('未配置 mail.office，全区汇总未发送');
        }
        if (config.schedule.weeklyOutDir) {
          const dir = resolve(dirname(app.loaded.file), config.schedule.weeklyOutDir);
          const w = await writeWeeklyReports(app, asOf, dir);
          parts.push(`写入 ${w.files.length} 个文件到 ${join(dir, asOf)}`);
        }
        return parts.join('；') || '没有配置发送方式（SMTP 或 schedule.weeklyOutDir），未生成周报';
      });
      this.jobs.finish(id, 'done', detail, this.now());
      log.info(`每周报告（截至 ${asOf}）：${detail}`);
      if (this.opts.sender) this.scheduleMail(0);
    } catch (err) {
      this.jobs.finish(id, this.stopping.signal.aborted ? 'aborted' : 'failed', message(err), this.now());
      log.error(`每周报告失败：${message(err)}`);
    }
  }

  /** Probes the units whose slot has come (at most one round at a time); state changes are mailed via the outbox. */
  probeTick(): Promise<ProbeRoundResult | null> {
    if (this.probing || this.stopping.signal.aborted) return this.probing ?? Promise.resolve(null);
    const { app, log } = this.opts;
    this.probeFetcher ??= new HttpFetcher(app.loaded.config.crawl, new EvidenceStore(app.db, () => app.clock.now()), new HttpCache(app.db), app.clock, undefined, this.queues);
    this.probing = probeRound(app, this.probeFetcher)
      .then((r) => {
        for (const c of r.changes) {
          const unit = app.loaded.config.units.find((u) => u.id === c.unitId);
          const text = `${terminalSafe(unit?.name ?? c.unitId)}（${c.unitId}）首页${c.state === 'down' ? '无法访问' : '已恢复访问'}${c.mailed ? '，已通知政务公开办' : ''}`;
          if (c.state === 'down') log.warn(text);
          else log.info(text);
        }
        if (r.changes.some((c) => c.mailed) && this.opts.sender) this.scheduleMail(0);
        return r;
      })
      .catch((err: unknown) => {
        log.error(`首页可用性探测出错：${message(err)}`);
        return null;
      })
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  private underAuditLock<T>(purpose: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { app, log } = this.opts;
    return withAuditLock(app, {
      purpose, waitSeconds: (this.opts.lockWaitMs ?? 6 * 3_600_000) / 1000, signal: this.stopping.signal,
      onWait: (h) => log.info(`等待：另一进程正在${h.purpose}（进程 ${h.pid}）`),
      onTakeOver: (h) => log.warn(`接管了已失效的运行锁（原进程 ${h.pid} 已不在运行或租约已过期）`),
    }, work);
  }

  private realAudit(signal: AbortSignal): Promise<AuditSummary> {
    const { app, log } = this.opts;
    return auditWithBrowser(app, {
      signal, queues: this.queues,
      onUnitDone(unit, observations, done, total) {
        const bad = observations.filter((o) => o.status !== 'ok').length;
        log.info(`[${done}/${total}] ${terminalSafe(unit.name)}（${unit.id}）：${observations.length} 个栏目${bad ? `，${bad} 个有问题` : ''}`);
      },
    });
  }

  private scheduleMail(delayMs: number): void {
    if (this.stopping.signal.aborted || !this.opts.sender) return;
    if (this.mailTimer) clearTimeout(this.mailTimer);
    this.mailTimer = setTimeout(() => {
      this.mailTimer = null;
      this.mailPass = this.mailPass.then(() => this.deliverOnce()).finally(() => this.scheduleMail(this.opts.app.loaded.config.mail.pollSeconds * 1000));
    }, delayMs);
  }

  private async deliverOnce(): Promise<void> {
    const { app, log, sender } = this.opts;
    if (!sender || this.stopping.signal.aborted) return;
    try {
      await deliverOutbox(app, sender, log, { redact: this.opts.redact, signal: this.stopping.signal });
    } catch (err) {
      if (err instanceof LockBusyError) return;
      log.error(`发送邮件出错：${message(err)}`);
    }
  }

  private now(): Date {
    return this.opts.app.clock.now();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
