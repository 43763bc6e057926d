import type { WebUser } from '../src/store/web-accounts-repo.js';
import { shanghaiDateTime } from '../src/time/dates.js';
import { terminalSafe } from './escape.js';

const ROLE_ZH: Record<WebUser['role'], string> = { admin: '管理员', inspector: '考核员', unit: '单位' };

/** Where an account stands, in Chinese: 停用, 锁定至 …, or 正常. */
export function accountState(user: WebUser, now: Date): string {
  if (user.disabledAt) return `已停用（${shanghaiDateTime(new Date(user.disabledAt))}）`;
  if (user.lockedUntil && user.lockedUntil > now.toISOString()) return `锁定至 ${shanghaiDateTime(new Date(user.lockedUntil))}`;
  return '正常';
}

/** `zwgk user list`: one line per account. */
export function accountList(users: WebUser[], now: Date): string {
  if (users.length === 0) return '还没有账号：用 zwgk user add LOGIN --role admin 添加\n';
  return users.map((u) => `${terminalSafe(u.login)}\t${ROLE_ZH[u.role]}${u.unitId ? `（${u.unitId}）` : ''}\t${accountState(u, now)}\n`).join('');
}

export { ROLE_ZH };
