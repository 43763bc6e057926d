import type { Db } from '../store/db.js';
import { AuditLogRepo } from '../store/audit-log-repo.js';
import { ROLES, WebAccountsRepo, type Role, type WebUser } from '../store/web-accounts-repo.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.js';

/** Who makes a change and from where; every change below is written to the audit log. */
export interface Actor {
  login: string;
  ip: string | null;
  now: Date;
}

export class AccountError extends Error {}

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

/** Account changes and logins, shared by the `user` commands and the console's admin page. */
export class Accounts {
  readonly repo: WebAccountsRepo;
  readonly audit: AuditLogRepo;

  constructor(private readonly db: Db, private readonly unitIds: ReadonlySet<string>) {
    this.repo = new WebAccountsRepo(db);
    this.audit = new AuditLogRepo(db);
  }

  async add(actor: Actor, login: string, role: string, unitId: string | null, password: string): Promise<WebUser> {
    if (!LOGIN.test(login)) throw new AccountError(`账号「${login}」不合规：应为 2–40 个小写字母、数字、点、下划线或连字符，以字母或数字开头`);
    if (!(ROLES as string[]).includes(role)) throw new AccountError(`角色「${role}」无效：应为 admin（管理员）、inspector（考核员）或 unit（单位）`);
    if (role === 'unit' && !unitId) throw new AccountError('单位账号必须用 --unit 指定所属单位编号');
    if (role !== 'unit' && unitId) throw new AccountError('只有单位账号（unit）可以绑定单位');
    if (unitId && !this.unitIds.has(unitId)) throw new AccountError(`配置中没有编号为「${unitId}」的单位`);
    if (this.repo.byLogin(login)) throw new AccountError(`账号「${login}」已存在`);
    const problem = passwordProblem(password);
    if (problem) throw new AccountError(problem);
    const passwordHash = await hashPassword(password);
    return this.db.transaction(() => {
      const user = this.repo.add({ login, role: role as Role, unitId, passwordHash, createdAt: actor.now.toISOString() });
      this.log(actor, 'user-add', login, `角色 ${role}${unitId ? `，单位 ${unitId}` : ''}`);
      return user;
    })();
  }

  async setPassword(actor: Actor, login: string, password: string): Promise<void> {
    const user = this.existing(login);
    const problem = passwordProblem(password);
    if (problem) throw new AccountError(problem);
    const passwordHash = await hashPassword(password);
    this.db.transaction(() => {
      this.repo.setPassword(user.id, passwordHash);
      this.log(actor, 'user-passwd', login, null);
    })();
  }

  setDisabled(actor: Actor, login: string, disabled: boolean): void {
    const user = this.existing(login);
    this.db.transaction(() => {
      this.repo.setDisabled(user.id, disabled ? actor.now.toISOString() : null);
      this.log(actor, disabled ? 'user-disable' : 'user-enable', login, null);
    })();
  }

  /**
   * Checks a password. `lockoutFailures` wrong passwords in a row lock the account for `lockoutMinutes`
   * (a correct password is refused while locked). The caller learns only ok / locked / refused, so the
   * answer never tells whether a login exists.
   */
  async login(
    actor: Actor, password: string, rules: { lockoutFailures: number; lockoutMinutes: number },
  ): Promise<{ ok: true; user: WebUser } | { ok: false; lockedUntil: string | null }> {
    const user = this.repo.byLogin(actor.login);
    const now = actor.now.toISOString();
    const usable = user && !user.disabledAt;
    const matches = await verifyPassword(password, usable ? user.passwordHash : DUMMY_HASH);
    if (!usable) {
      this.log(actor, 'login-failed', actor.login, user ? '账号已停用' : '账号不存在');
      return { ok: false, lockedUntil: null };
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      this.log(actor, 'login-failed', actor.login, `账号锁定中（至 ${user.lockedUntil}）`);
      return { ok: false, lockedUntil: user.lockedUntil };
    }
    if (!matches) {
      const failures = user.lockedUntil ? 1 : user.failedLogins + 1;
      const lockedUntil = failures >= rules.lockoutFailures ? new Date(actor.now.getTime() + rules.lockoutMinutes * 60_000).toISOString() : null;
      this.db.transaction(() => {
        this.repo.recordFailure(user.id, lockedUntil ? 0 : failures, lockedUntil);
        this.log(actor, 'login-failed', actor.login, lockedUntil ? `密码错误，连续 ${failures} 次，锁定至 ${lockedUntil}` : `密码错误（连续第 ${failures} 次）`);
      })();
      return { ok: false, lockedUntil };
    }
    this.db.transaction(() => {
      this.repo.clearFailures(user.id);
      this.log(actor, 'login', actor.login, null);
    })();
    return { ok: true, user };
  }

  log(actor: Actor, action: Parameters<AuditLogRepo['add']>[0]['action'], target: string | null, detail: string | null): void {
    this.audit.add({ at: actor.now.toISOString(), actor: actor.login, action, target, detail, ip: actor.ip });
  }

  private existing(login: string): WebUser {
    const user = this.repo.byLogin(login);
    if (!user) throw new AccountError(`没有账号「${login}」`);
    return user;
  }
}
