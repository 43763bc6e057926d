import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { openApp, type App } from '../../app.js';
import { Accounts, type Actor } from '../../accounts/accounts.js';
import { accountList } from '../../../reports/account-text.js';
import { readNewPassword } from '../password-input.js';
import { configPath } from '../shared.js';

function withAccounts<T>(cmd: Command, fn: (accounts: Accounts, actor: Actor, app: App) => Promise<T> | T): Promise<T> {
  const app = openApp(configPath(cmd));
  const accounts = new Accounts(app.db, new Set(app.loaded.config.units.map((u) => u.id)));
  const actor = { login: `cli:${userInfo().username}`, ip: null, now: app.clock.now() };
  return Promise.resolve().then(() => fn(accounts, actor, app)).finally(() => app.close());
}

export async function userAddAction(login: string, opts: { role: string; unit?: string; passwordStdin?: boolean }, cmd: Command): Promise<void> {
  const password = await readNewPassword(opts.passwordStdin);
  const user = await withAccounts(cmd, (accounts, actor) => accounts.add(actor, login, opts.role, opts.unit ?? null, password));
  process.stdout.write(`已添加账号 ${user.login}（${user.role}${user.unitId ? `，单位 ${user.unitId}` : ''}）\n`);
}

export async function userPasswdAction(login: string, opts: { passwordStdin?: boolean }, cmd: Command): Promise<void> {
  const password = await readNewPassword(opts.passwordStdin);
  await withAccounts(cmd, (accounts, actor) => accounts.setPassword(actor, login, password));
  process.stdout.write(`已重设 ${login} 的密码，其所有登录已结束\n`);
}

export async function userDisableAction(login: string, opts: { enable?: boolean }, cmd: Command): Promise<void> {
  await withAccounts(cmd, (accounts, actor) => accounts.setDisabled(actor, login, !opts.enable));
  process.stdout.write(opts.enable ? `已重新启用账号 ${login}\n` : `已停用账号 ${login}，其所有登录已结束\n`);
}

export async function userListAction(_opts: unknown, cmd: Command): Promise<void> {
  const text = await withAccounts(cmd, (accounts, _actor, app) => accountList(accounts.repo.list(), app.clock.now()));
  process.stdout.write(text);
}
