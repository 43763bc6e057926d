import type { Db } from './db.js';

export type Role = 'admin' | 'inspector' | 'unit';
export const ROLES: readonly Role[] = ['admin', 'inspector', 'unit'];

export interface WebUser {
  id: number;
  login: string;
  role: Role;
  unitId: string | null;
  passwordHash: string;
  disabledAt: string | null;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
}

interface UserRow {
  id: number;
  login: string;
  role: Role;
  unit_id: string | null;
  password_hash: string;
  disabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
}

function userFromRow(r: UserRow): WebUser {
  return {
    id: r.id, login: r.login, role: r.role, unitId: r.unit_id, passwordHash: r.password_hash, disabledAt: r.disabled_at,
    failedLogins: r.failed_logins, lockedUntil: r.locked_until, createdAt: r.created_at,
  };
}

/** Console accounts and their sessions. Sessions are keyed by a hash of the id the browser holds. */
export class WebAccountsRepo {
  constructor(private readonly db: Db) {}

  add(user: { login: string; role: Role; unitId: string | null; passwordHash: string; createdAt: string }): WebUser {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO web_users (login, role, unit_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(user.login, user.role, user.unitId, user.passwordHash, user.createdAt);
    return this.byId(Number(lastInsertRowid))!;
  }

  byLogin(login: string): WebUser | undefined {
    const row = this.db.prepare('SELECT * FROM web_users WHERE login = ?').get(login) as UserRow | undefined;
    return row && userFromRow(row);
  }

  byId(id: number): WebUser | undefined {
    const row = this.db.prepare('SELECT * FROM web_users WHERE id = ?').get(id) as UserRow | undefined;
    return row && userFromRow(row);
  }

  list(): WebUser[] {
    return (this.db.prepare('SELECT * FROM web_users ORDER BY role, login').all() as UserRow[]).map(userFromRow);
  }

  /** A new password also lifts a lockout and ends every session of the account. */
  setPassword(id: number, passwordHash: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE web_users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?').run(passwordHash, id);
      this.endSessionsOf(id);
    })();
  }

  setDisabled(id: number, disabledAt: string | null): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE web_users SET disabled_at = ? WHERE id = ?').run(disabledAt, id);
      if (disabledAt) this.endSessionsOf(id);
    })();
  }

  recordFailure(id: number, failedLogins: number, lockedUntil: string | null): void {
    this.db.prepare('UPDATE web_users SET failed_logins = ?, locked_until = ? WHERE id = ?').run(failedLogins, lockedUntil, id);
  }

  clearFailures(id: number): void {
    this.db.prepare('UPDATE web_users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }

  /** Starts a session; the one the browser held before (if any) ends, so a login always gets a new id. */
  startSession(s: { idHash: string; userId: number; createdAt: string; expiresAt: string; ip: string | null; replaces?: string }): void {
    this.db.transaction(() => {
      if (s.replaces) this.endSession(s.replaces);
      this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(s.createdAt);
      this.db.prepare('INSERT INTO web_sessions (id_hash, user_id, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?)')
        .run(s.idHash, s.userId, s.createdAt, s.expiresAt, s.ip);
    })();
  }

  /** The enabled account holding a session that has not expired at `now`. */
  sessionUser(idHash: string, now: string): WebUser | undefined {
    const row = this.db
      .prepare(`SELECT u.* FROM web_sessions s JOIN web_users u ON u.id = s.user_id
                WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`)
      .get(idHash, now) as UserRow | undefined;
    return row && userFromRow(row);
  }

  endSession(idHash: string): void {
    this.db.prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
  }

  private endSessionsOf(userId: number): void {
    this.db.prepare('DELETE FROM web_sessions WHERE user_id = ?').run(userId);
  }
}
