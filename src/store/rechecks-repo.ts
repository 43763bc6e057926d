import type { Db } from './db.js';

export type RecheckStatus = 'queued' | 'running' | 'done' | 'failed';
export type RecheckOutcome = 'fixed' | 'still-failing' | 'not-checked';

export interface Recheck {
  id: number;
  unitId: string;
  status: RecheckStatus;
  requestedBy: string;
  requestedAt: string;
  requests: number;
  startedAt: string | null;
  finishedAt: string | null;
  runId: number | null;
  error: string | null;
}

export interface RecheckFinding {
  recheckId: number;
  findingId: number;
  beforeEvidence: string | null;
  outcome: RecheckOutcome | null;
  afterEvidence: string | null;
}

const COLUMNS = `id, unit_id AS unitId, status, requested_by AS requestedBy, requested_at AS requestedAt, requests,
  started_at AS startedAt, finished_at AS finishedAt, run_id AS runId, error`;

/** The recheck queue: one queued request per unit at most (duplicates merge), and each request's outcome per finding. */
export class RechecksRepo {
  constructor(private readonly db: Db) {}

  /** Queues a recheck of a unit, or merges into the one already queued. Call inside the caller's transaction. */
  enqueue(unitId: string, requestedBy: string, at: string): { recheck: Recheck; merged: boolean } {
    const queued = this.queuedFor(unitId);
    if (queued) {
      this.db.prepare('UPDATE rechecks SET requests = requests + 1 WHERE id = ?').run(queued.id);
      return { recheck: this.get(queued.id)!, merged: true };
    }
    const id = Number(this.db.prepare(`INSERT INTO rechecks (unit_id, status, requested_by, requested_at) VALUES (?, 'queued', ?, ?)`)
      .run(unitId, requestedBy, at).lastInsertRowid);
    return { recheck: this.get(id)!, merged: false };
  }

  attachFinding(recheckId: number, findingId: number, beforeEvidence: string | null): void {
    this.db.prepare('INSERT OR IGNORE INTO recheck_findings (recheck_id, finding_id, before_evidence) VALUES (?, ?, ?)')
      .run(recheckId, findingId, beforeEvidence);
  }

  get(id: number): Recheck | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM rechecks WHERE id = ?`).get(id) as Recheck | undefined;
  }

  queuedFor(unitId: string): Recheck | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM rechecks WHERE unit_id = ? AND status = 'queued'`).get(unitId) as Recheck | undefined;
  }

  /** The unit's most recent request, whatever its state. */
  latestFor(unitId: string): Recheck | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM rechecks WHERE unit_id = ? ORDER BY id DESC LIMIT 1`).get(unitId) as Recheck | undefined;
  }

  /** The oldest queued request, marked running; undefined when the queue is empty. Atomic across processes. */
  claimNext(at: string): Recheck | undefined {
    return this.db.transaction(() => {
      const next = this.db.prepare(`SELECT ${COLUMNS} FROM rechecks WHERE status = 'queued' ORDER BY id LIMIT 1`).get() as Recheck | undefined;
      if (!next) return undefined;
      this.db.prepare(`UPDATE rechecks SET status = 'running', started_at = ? WHERE id = ?`).run(at, next.id);
      return this.get(next.id);
    }).immediate();
  }

  /** Puts a running request back in the queue (the audit lock stayed busy), merging into a newer queued one. */
  requeue(id: number): void {
    this.db.transaction(() => {
      const me = this.get(id);
      if (!me) return;
      const queued = this.queuedFor(me.unitId);
      if (!queued) {
        this.db.prepare(`UPDATE rechecks SET status = 'queued', started_at = NULL WHERE id = ?`).run(id);
        return;
      }
      this.db.prepare('INSERT OR IGNORE INTO recheck_findings (recheck_id, finding_id, before_evidence) SELECT ?, finding_id, before_evidence FROM recheck_findings WHERE recheck_id = ?')
        .run(queued.id, id);
      this.db.prepare('UPDATE rechecks SET requests = requests + ?, requested_at = ?, requested_by = ? WHERE id = ?')
        .run(me.requests, me.requestedAt, me.requestedBy, queued.id);
      this.db.prepare('DELETE FROM recheck_findings WHERE recheck_id = ?').run(id);
      this.db.prepare('DELETE FROM rechecks WHERE id = ?').run(id);
    }).immediate();
  }

  finish(id: number, status: 'done' | 'failed', at: string, runId: number | null, error: string | null): void {
    this.db.prepare('UPDATE rechecks SET status = ?, finished_at = ?, run_id = ?, error = ? WHERE id = ?').run(status, at, runId, error, id);
  }

  findings(recheckId: number): RecheckFinding[] {
    return this.db.prepare(`SELECT recheck_id AS recheckId, finding_id AS findingId, before_evidence AS beforeEvidence, outcome,
      after_evidence AS afterEvidence FROM recheck_findings WHERE recheck_id = ? ORDER BY finding_id`).all(recheckId) as RecheckFinding[];
  }

  setOutcome(recheckId: number, findingId: number, outcome: RecheckOutcome, afterEvidence: string | null): void {
    this.db.prepare('UPDATE recheck_findings SET outcome = ?, after_evidence = ? WHERE recheck_id = ? AND finding_id = ?')
      .run(outcome, afterEvidence, recheckId, findingId);
  }

}
