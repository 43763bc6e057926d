import type { Db } from '../store/db.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'uncertain', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxRow {
  id: number;
  reportKey: string;
  kind: string;
  unitId: string | null;
  asOf: string;
  messageId: string;
  envelopeFrom: string;
  recipients: string[];
  subject: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sendStartedAt: string | null;
  sentAt: string | null;
  interrupted: number;
  lastError: string | null;
  smtpResponse: string | null;
}

export interface OutboxEntry {
  reportKey: string;
  kind: 'unit-weekly' | 'office-summary' | 'availability-alert';
  unitId: string | null;
  asOf: string;
  messageId: string;
  envelopeFrom: string;
  recipients: string[];
  subject: string;
  raw: Buffer;
}

const COLUMNS = `id, report_key AS reportKey, kind, unit_id AS unitId, as_of AS asOf, message_id AS messageId,
  envelope_from AS envelopeFrom, recipients, subject, status, attempts, next_attempt_at AS nextAttemptAt,
  created_at AS createdAt, send_started_at AS sendStartedAt, sent_at AS sentAt, interrupted,
  last_error AS lastError, smtp_response AS smtpResponse`;

type RawRow = Omit<OutboxRow, 'recipients'> & { recipients: string };

function toRow(r: RawRow): OutboxRow {
  return { ...r, recipients: JSON.parse(r.recipients) as string[] };
}

/**
 * The mail outbox. A report is stored once, as its final bytes, under a unique report key and a unique
 * Message-ID; state changes are single statements so a crash leaves every row in a known state.
 */
export class Outbox {
  constructor(private readonly db: Db) {}

  has(reportKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM outbox WHERE report_key = ?').get(reportKey) !== undefined;
  }

  /** Stores a rendered report unless one with the same key exists; returns its row id either way. */
  enqueue(e: OutboxEntry, now: Date): { id: number; created: boolean } {
    const at = now.toISOString();
    const info = this.db.prepare(`INSERT INTO outbox (report_key, kind, unit_id, as_of, message_id, envelope_from, recipients,
        subject, raw, status, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (report_key) DO NOTHING`)
      .run(e.reportKey, e.kind, e.unitId, e.asOf, e.messageId, e.envelopeFrom, JSON.stringify(e.recipients), e.subject, e.raw, at, at);
    const id = this.db.prepare('SELECT id FROM outbox WHERE report_key = ?').pluck().get(e.reportKey) as number;
    return { id, created: info.changes === 1 };
  }

  get(id: number): OutboxRow | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id) as RawRow | undefined;
    return r ? toRow(r) : undefined;
  }

  raw(id: number): Buffer {
    return this.db.prepare('SELECT raw FROM outbox WHERE id = ?').pluck().get(id) as Buffer;
  }

  /** Rows to send now: pending and due, and uncertain ones when the rule says resend. */
  due(now: Date, resendUncertain: boolean): OutboxRow[] {
    const statuses = resendUncertain ? "('pending', 'uncertain')" : "('pending')";
    return (this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE status IN ${statuses} AND next_attempt_at <= ? ORDER BY id`)
      .all(now.toISOString()) as RawRow[]).map(toRow);
  }

  /** Marks a row as being sent, before a byte goes to the server; returns the attempt number or null if it was taken. */
  claim(id: number, holder: string, now: Date): number | null {
    const at = now.toISOString();
    return this.db.transaction(() => {
      const changed = this.db.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, send_started_at = ?, claimed_by = ?
        WHERE id = ? AND status IN ('pending', 'uncertain')`).run(at, holder, id).changes;
      if (changed === 0) return null;
      const attempt = this.db.prepare('SELECT attempts FROM outbox WHERE id = ?').pluck().get(id) as number;
      this.db.prepare('INSERT INTO outbox_attempts (outbox_id, attempt, started_at) VALUES (?, ?, ?)').run(id, attempt, at);
      return attempt;
    })();
  }

  markSent(id: number, attempt: number, response: string, now: Date): void {
    this.finish(id, attempt, 'sent', response, now, `status = 'sent', sent_at = @at, smtp_response = @detail, last_error = NULL`);
  }

  markRetry(id: number, attempt: number, error: string, nextAt: Date, now: Date): void {
    this.finish(id, attempt, 'retry', error, now, `status = 'pending', next_attempt_at = @next, last_error = @detail`, nextAt.toISOString());
  }

  markFailed(id: number, attempt: number, error: string, now: Date): void {
    this.finish(id, attempt, 'failed', error, now, `status = 'failed', last_error = @detail`);
  }

  /**
   * Rows left in `sending` by a process that is gone: the server may or may not have accepted them.
   * They become `uncertain`; they are sent again (same bytes, same Message-ID) only if the rule says so.
   */
  markInterrupted(now: Date): OutboxRow[] {
    const at = now.toISOString();
    return this.db.transaction(() => {
      const rows = (this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE status = 'sending'`).all() as RawRow[]).map(toRow);
      for (const r of rows) {
        this.db.prepare(`UPDATE outbox_attempts SET finished_at = ?, outcome = 'interrupted', detail = ?
          WHERE outbox_id = ? AND attempt = ? AND outcome IS NULL`).run(at, '发送过程中进程中断，服务器是否已收下无法确认', r.id, r.attempts);
        this.db.prepare(`UPDATE outbox SET status = 'uncertain', interrupted = interrupted + 1, next_attempt_at = ?,
          last_error = '发送过程中进程中断，服务器是否已收下无法确认' WHERE id = ?`).run(at, r.id);
      }
      return rows;
    })();
  }

  /** The office's decision: send uncertain or failed reports again, under their own Message-ID. */
  release(ids: number[], now: Date): number {
    const stmt = this.db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status IN ('uncertain', 'failed')`);
    return ids.reduce((n, id) => n + stmt.run(now.toISOString(), id).changes, 0);
  }

  counts(): Record<OutboxStatus, number> {
    const out = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  list(statuses: readonly OutboxStatus[], limit = 200): OutboxRow[] {
    const marks = statuses.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE status IN (${marks}) ORDER BY id DESC LIMIT ?`).all(...statuses, limit) as RawRow[]).map(toRow);
  }

  /** Sent rows that had to be sent again after an interrupted send. */
  resentAfterInterruption(): number {
    return this.db.prepare("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND interrupted > 0").pluck().get() as number;
  }

  private finish(id: number, attempt: number, outcome: string, detail: string, now: Date, set: string, next?: string): void {
    const at = now.toISOString();
    this.db.transaction(() => {
      this.db.prepare(`UPDATE outbox_attempts SET finished_at = ?, outcome = ?, detail = ? WHERE outbox_id = ? AND attempt = ?`)
        .run(at, outcome, detail, id, attempt);
      this.db.prepare(`UPDATE outbox SET ${set}, claimed_by = NULL WHERE id = @id AND status = 'sending'`)
        .run({ id, at, detail, ...(next ? { next } : {}) });
    })();
  }
}
