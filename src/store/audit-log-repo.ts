import type { Db } from './db.js';

/** What the audit log records; the console and the `user` commands add to it, nothing removes from it. */
export type AuditAction =
  | 'login' | 'login-failed' | 'logout'
  | 'user-add' | 'user-passwd' | 'user-disable' | 'user-enable'
  | 'manual-entry' | 'recheck-request';

export interface AuditEntry {
  id: number;
  at: string;
  /** The login of who did it (`cli:<os user>` for commands run in a terminal). */
  actor: string;
  action: AuditAction;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export class AuditLogRepo {
  constructor(private readonly db: Db) {}

  add(e: NewAuditEntry): void {
    this.db.prepare('INSERT INTO audit_log (at, actor, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.target, e.detail, e.ip);
  }

  /** The newest entries first, optionally only one action. */
  recent(limit: number, action?: AuditAction): AuditEntry[] {
    return (action
      ? this.db.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?').all(action, limit)
      : this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)) as AuditEntry[];
  }
}
