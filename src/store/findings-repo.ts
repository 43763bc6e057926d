import type { Db } from './db.js';
import type { FindingEventKind, FindingState, FindingStatus } from '../findings/transitions.js';

/** A ledger row as the console, the CLI and exports read it. */
export interface LedgerFinding extends FindingDescription {
  id: number;
  status: FindingStatus;
  openedOn: string;
  openedRun: number | null;
  openedEvidence: string | null;
  deadline: string | null;
  lastSeenOn: string | null;
  lastRun: number | null;
  lastEvidence: string | null;
  fixedOn: string | null;
  fixedRun: number | null;
  fixedEvidence: string | null;
  reopened: number;
  recheckRequestedBy: string | null;
  recheckRequestedAt: string | null;
}

export interface FindingEvent {
  id: number;
  findingId: number;
  event: FindingEventKind;
  onDate: string;
  at: string;
  runId: number | null;
  evidence: string | null;
  actor: string | null;
  recheckId: number | null;
}

export interface LedgerFilter {
  unitId?: string;
  status?: FindingStatus;
}

/** What a finding's row holds besides its state (set when it is first written, refreshed at each sighting). */
export interface FindingDescription {
  unitId: string;
  subject: string;
  kind: string;
  subjectName: string;
  text: string;
  url: string | null;
}

const COLUMNS = `id, unit_id AS unitId, subject, kind, subject_name AS subjectName, text, url, status, opened_on AS openedOn,
  opened_run AS openedRun, opened_evidence AS openedEvidence, deadline, last_seen_on AS lastSeenOn, last_run AS lastRun,
  last_evidence AS lastEvidence, fixed_on AS fixedOn, fixed_run AS fixedRun, fixed_evidence AS fixedEvidence, reopened,
  recheck_requested_by AS recheckRequestedBy, recheck_requested_at AS recheckRequestedAt`;

/** The 整改 ledger's one door: findings and their events. Transitions are decided in src/findings/transitions.ts. */
export class FindingsRepo {
  constructor(private readonly db: Db) {}

  list(filter: LedgerFilter = {}): LedgerFinding[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.unitId) {
      where.push('unit_id = ?');
      args.push(filter.unitId);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    return this.db.prepare(`SELECT ${COLUMNS} FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY unit_id, CASE status WHEN 'overdue' THEN 0 WHEN 'open' THEN 1 WHEN 'recheck' THEN 2 ELSE 3 END, deadline, id`)
      .all(...args) as LedgerFinding[];
  }

  get(id: number): LedgerFinding | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM findings WHERE id = ?`).get(id) as LedgerFinding | undefined;
  }

  forUnit(unitId: string): LedgerFinding[] {
    return this.list({ unitId });
  }

  events(findingId: number): FindingEvent[] {
    return this.db.prepare(`SELECT id, finding_id AS findingId, event, on_date AS onDate, at, run_id AS runId, evidence, actor,
      recheck_id AS recheckId FROM finding_events WHERE finding_id = ? ORDER BY id`).all(findingId) as FindingEvent[];
  }


  state(f: LedgerFinding): FindingState {
    return { status: f.status, openedOn: f.openedOn, deadline: f.deadline, lastEvidence: f.lastEvidence, fixedOn: f.fixedOn, reopened: f.reopened };
  }

  /**
   * Writes a finding's new state and its events (one transaction is the caller's). `prev` undefined: a new row.
   * `sighting` says whether this audit saw the finding's subject (updates last_seen_on/run).
   */
  save(desc: FindingDescription, prev: LedgerFinding | undefined, next: FindingState, events: { kind: FindingEventKind; evidence: string | null }[],
    ctx: { on: string; at: string; runId: number | null; actor?: string | null; recheckId?: number | null; sighted: boolean }): number {
    let id: number;
    if (!prev) {
      id = Number(this.db.prepare(`INSERT INTO findings (unit_id, subject, kind, subject_name, text, url, status, opened_on, opened_run,
        opened_evidence, deadline, last_seen_on, last_run, last_evidence, reopened)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(desc.unitId, desc.subject, desc.kind, desc.subjectName, desc.text, desc.url,
        next.status, next.openedOn, ctx.runId, next.lastEvidence, next.deadline, ctx.on, ctx.runId, next.lastEvidence, next.reopened).lastInsertRowid);
    } else {
      id = prev.id;
      const reopened = events.some((e) => e.kind === 'reopened');
      const fixed = events.some((e) => e.kind === 'fixed');
      const requested = events.find((e) => e.kind === 'recheck-requested');
      this.db.prepare(`UPDATE findings SET subject_name = ?, text = ?, url = ?, status = ?, opened_on = ?, deadline = ?, last_evidence = ?,
        reopened = ?, fixed_on = ?,
        opened_run = CASE WHEN ? THEN ? ELSE opened_run END, opened_evidence = CASE WHEN ? THEN ? ELSE opened_evidence END,
        fixed_run = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE fixed_run END,
        fixed_evidence = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE fixed_evidence END,
        last_seen_on = CASE WHEN ? THEN ? ELSE last_seen_on END, last_run = CASE WHEN ? THEN ? ELSE last_run END,
        recheck_requested_by = CASE WHEN ? THEN ? ELSE recheck_requested_by END,
        recheck_requested_at = CASE WHEN ? THEN ? ELSE recheck_requested_at END
        WHERE id = ?`).run(desc.subjectName, desc.text, desc.url, next.status, next.openedOn, next.deadline, next.lastEvidence,
        next.reopened, next.fixedOn,
        reopened ? 1 : 0, ctx.runId, reopened ? 1 : 0, next.lastEvidence,
        fixed ? 1 : 0, ctx.runId, reopened ? 1 : 0,
        fixed ? 1 : 0, next.lastEvidence, reopened ? 1 : 0,
        ctx.sighted ? 1 : 0, ctx.on, ctx.sighted ? 1 : 0, ctx.runId,
        requested ? 1 : 0, ctx.actor ?? null, requested ? 1 : 0, ctx.at,
        id);
    }
    const insert = this.db.prepare(`INSERT INTO finding_events (finding_id, event, on_date, at, run_id, evidence, actor, recheck_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const e of events) insert.run(id, e.kind, ctx.on, ctx.at, ctx.runId, e.evidence, ctx.actor ?? null, ctx.recheckId ?? null);
    return id;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
