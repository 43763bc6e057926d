import type { App } from '../app.js';
import type { AuditSummary } from '../audit/run-audit.js';
import { auditWithBrowser } from '../audit/audit-with-browser.js';
import { withAuditLock } from '../schedule/audit-lock.js';
import { LockBusyError } from '../schedule/run-lock.js';
import { FindingsRepo } from '../store/findings-repo.js';
import { RechecksRepo, type Recheck, type RecheckOutcome } from '../store/rechecks-repo.js';
import { updateLedgerAfterRun } from './update-ledger.js';

export interface WorkerLog {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

export interface RecheckWorkerOptions {
  app: App;
  log?: WorkerLog;
  /** Replaces the real one-unit audit (tests that need no crawl). */
  audit?: (unitId: string, signal: AbortSignal) => Promise<AuditSummary>;
  /** How often the queue is looked at; default 5 s. */
  pollMs?: number;
  /** How long one attempt waits for another audit to release the lock before the request goes back in the queue; default 10 min. */
  lockWaitSeconds?: number;
  /** Lock polling step (tests); default 1 s. */
  lockPollMs?: number;
}

export interface RecheckResult {
  recheck: Recheck;
  outcomes: { findingId: number; outcome: RecheckOutcome; afterEvidence: string | null }[];
}

const QUIET: WorkerLog = { info() {}, warn() {}, error() {} };

/**
 * Runs queued rechecks one at a time: the unit's audit under the audit lock (never two audits at once),
 * then the ledger moves from what it saw, and each requested finding gets its outcome.
 */
export class RecheckWorker {
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> = Promise.resolve();
  private readonly log: WorkerLog;

  constructor(private readonly opts: RecheckWorkerOptions) {
    this.log = opts.log ?? QUIET;
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('复查任务正在停止'));
    if (this.timer) clearTimeout(this.timer);
    await this.pass.catch(() => undefined);
  }

  /** Runs every queued recheck; resolves when the queue is empty (or a lock wait ran out). */
  drain(): Promise<RecheckResult[]> {
    const run = this.pass.then(async () => {
      const results: RecheckResult[] = [];
      for (;;) {
        if (this.stopping.signal.aborted) return results;
        const r = await this.runOnce();
        if (r === null || r === 'busy') return results;
        results.push(r);
      }
    });
    this.pass = run.catch(() => undefined);
    return run;
  }

  /** Claims the oldest queued recheck and runs it; null: nothing queued; 'busy': the lock stayed busy or the worker stopped (requeued). */
  async runOnce(): Promise<RecheckResult | null | 'busy'> {
    const { app } = this.opts;
    const rechecks = new RechecksRepo(app.db);
    const claimed = rechecks.claimNext(app.clock.now().toISOString());
    if (!claimed) return null;
    let summary: AuditSummary;
    try {
      summary = await withAuditLock(app, {
        purpose: `复查单位 ${claimed.unitId}`, waitSeconds: this.opts.lockWaitSeconds ?? 600, signal: this.stopping.signal,
        pollMs: this.opts.lockPollMs,
        onWait: (h) => this.log.info(`复查 ${claimed.unitId} 等待：另一进程正在${h.purpose}（进程 ${h.pid}）`),
      }, (signal) => (this.opts.audit ?? ((unitId, s) => realAudit(app, unitId, s)))(claimed.unitId, signal));
    } catch (err) {
      if (err instanceof LockBusyError || this.stopping.signal.aborted) {
        rechecks.requeue(claimed.id);
        return 'busy';
      }
      rechecks.finish(claimed.id, 'failed', app.clock.now().toISOString(), null, message(err));
      this.log.error(`复查 ${claimed.unitId} 失败：${message(err)}`);
      return { recheck: rechecks.get(claimed.id)!, outcomes: [] };
    }
    if (summary.aborted) {
      // Stopped before the unit was crawled: it runs again when a worker starts.
      rechecks.requeue(claimed.id);
      return 'busy';
    }
    updateLedgerAfterRun(app, summary.runId);
    const outcomes = recordOutcomes(app, claimed.id);
    rechecks.finish(claimed.id, 'done', app.clock.now().toISOString(), summary.runId, null);
    const fixed = outcomes.filter((o) => o.outcome === 'fixed').length;
    this.log.info(`复查 ${claimed.unitId} 完成（第 ${summary.runId} 次检查）：${outcomes.length} 个问题，已整改 ${fixed} 个`);
    return { recheck: rechecks.get(claimed.id)!, outcomes };
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain().catch((err) => this.log.error(`复查队列出错：${message(err)}`)).finally(() => this.schedule(this.opts.pollMs ?? 5000));
    }, delayMs);
  }
}

/** Each requested finding as the ledger holds it after the recheck's audit. */
function recordOutcomes(app: App, recheckId: number): RecheckResult['outcomes'] {
  const rechecks = new RechecksRepo(app.db);
  const findings = new FindingsRepo(app.db);
  return findings.transaction(() => rechecks.findings(recheckId).flatMap((rf) => {
    const f = findings.get(rf.findingId);
    if (!f) return [];
    const outcome: RecheckOutcome = f.status === 'fixed' ? 'fixed' : f.status === 'recheck' ? 'not-checked' : 'still-failing';
    const after = outcome === 'fixed' ? f.fixedEvidence ?? f.lastEvidence : outcome === 'still-failing' ? f.lastEvidence : null;
    rechecks.setOutcome(recheckId, f.id, outcome, after);
    return [{ findingId: f.id, outcome, afterEvidence: after }];
  }));
}

function realAudit(app: App, unitId: string, signal: AbortSignal): Promise<AuditSummary> {
  return auditWithBrowser(app, { unitId, signal });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
