import type { Db } from '../store/db.js';

export type JobName = 'nightly' | 'weekly';
export type JobTrigger = 'schedule' | 'catch-up' | 'manual';

export interface JobRun {
  id: number;
  job: JobName;
  occurrence: string | null;
  trigger: JobTrigger;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed' | 'aborted';
  detail: string | null;
}

/** The daemon's log of scheduled jobs, used to tell whether a schedule slot was missed. */
export class JobsRepo {
  constructor(private readonly db: Db) {}

  start(job: JobName, occurrence: Date | null, trigger: JobTrigger, at: Date): number {
    return Number(this.db.prepare('INSERT INTO job_runs (job, occurrence, trigger, started_at, status) VALUES (?, ?, ?, ?, ?)')
      .run(job, occurrence?.toISOString() ?? null, trigger, at.toISOString(), 'running').lastInsertRowid);
  }

  finish(id: number, status: JobRun['status'], detail: string, at: Date): void {
    this.db.prepare('UPDATE job_runs SET status = ?, detail = ?, finished_at = ? WHERE id = ?').run(status, detail, at.toISOString(), id);
  }

  /** Whether a job of this slot has completed. */
  doneFor(job: JobName, occurrence: Date): boolean {
    return this.db.prepare("SELECT 1 FROM job_runs WHERE job = ? AND occurrence = ? AND status = 'done'").get(job, occurrence.toISOString()) !== undefined;
  }

  /** Whether a full audit (every unit) finished that was started at or after `since`. */
  fullAuditDoneSince(since: Date): boolean {
    return this.db.prepare("SELECT 1 FROM runs WHERE unit_filter IS NULL AND status = 'done' AND started_at >= ?").get(since.toISOString()) !== undefined;
  }

  latest(job: JobName): JobRun | undefined {
    return this.db.prepare(`SELECT id, job, occurrence, trigger, started_at AS startedAt, finished_at AS finishedAt, status, detail
      FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1`).get(job) as JobRun | undefined;
  }
}
