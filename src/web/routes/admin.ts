import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { requireRole, ROLE_NAMES, type Viewer } from '../viewer.js';
import { AccountError } from '../../accounts/accounts.js';
import type { AuditAction } from '../../store/audit-log-repo.js';
import { ROLES } from '../../store/web-accounts-repo.js';
import { shanghaiDateTime } from '../../time/dates.js';
import { accountState } from '../../../reports/account-text.js';

const ACTION_ZH: Record<AuditAction, string> = {
  login: '登录', 'login-failed': '登录失败', logout: '退出', 'user-add': '添加账号', 'user-passwd': '重设密码',
  'user-disable': '停用账号', 'user-enable': '启用账号', 'manual-entry': '人工录入', 'recheck-request': '申请复查',
};

interface UserBody {
  login?: string;
  role?: string;
  unitId?: string;
  password?: string;
  op?: string;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const units = ctx.app.loaded.config.units;

  const page = (reply: FastifyReply, viewer: Viewer, action: string | undefined, message: { ok: boolean; text: string } | null, form: UserBody = {}) => {
    const token = reply.generateCsrf();
    const now = ctx.app.clock.now();
    const users = ctx.accounts.repo.list();
    const filter = action && action in ACTION_ZH ? (action as AuditAction) : undefined;
    const log = ctx.accounts.audit.recent(200, filter);
    const hidden = html`<input type="hidden" name="_csrf" value="${token}">`;
    const userRow = (u: (typeof users)[number]): SafeHtml => html`<tr>
<td class="head">${u.login}</td><td data-label="角色">${ROLE_NAMES[u.role]}${u.unitId ? html`<br><span class="muted">${units.find((x) => x.id === u.unitId)?.name ?? u.unitId}</span>` : ''}</td>
<td data-label="状态">${accountState(u, now)}</td>
<td><form method="post" action="/admin/users" class="inline">${hidden}<input type="hidden" name="login" value="${u.login}">
${u.disabledAt ? html`<button type="submit" name="op" value="enable" class="secondary">启用</button>` : html`<button type="submit" name="op" value="disable" class="secondary">停用</button>`}</form></td></tr>`;
    return reply.code(message && !message.ok ? 400 : 200).type('text/html; charset=utf-8').send(renderPage({
      title: '账号与操作日志', viewer, csrfToken: token,
      body: html`${message ? html`<p class="card ${message.ok ? 'ok' : 'error'}" role="${message.ok ? 'status' : 'alert'}">${message.text}</p>` : ''}
<h2>账号</h2>
<div class="table-wrap"><table class="stack"><thead><tr><th>账号</th><th>角色</th><th>状态</th><th>操作</th></tr></thead>
<tbody>${users.map(userRow)}</tbody></table></div>
<h2>添加账号或重设密码</h2>
<form method="post" action="/admin/users" class="card">${hidden}
<label for="new-login">账号</label><input type="text" id="new-login" name="login" value="${form.login ?? ''}" required autocomplete="off">
<label for="new-role">角色</label><select id="new-role" name="role">${ROLES.map((r) => html`<option value="${r}"${form.role === r ? html` selected` : ''}>${ROLE_NAMES[r]}</option>`)}</select>
<label for="new-unit">所属单位（仅单位账号）</label><select id="new-unit" name="unitId"><option value="">（无）</option>${units.map((u) => html`<option value="${u.id}"${form.unitId === u.id ? html` selected` : ''}>${u.name}</option>`)}</select>
<label for="new-password">密码（至少 10 个字符）</label><input type="password" id="new-password" name="password" required autocomplete="new-password">
<p><button type="submit" name="op" value="add">添加账号</button> <button type="submit" name="op" value="passwd" class="secondary">重设该账号密码</button></p>
</form>
<h2>操作日志</h2>
<form method="get" action="/admin/users" class="card"><label for="log-action">只看</label>
<select id="log-action" name="action"><option value="">全部</option>${Object.entries(ACTION_ZH).map(([k, v]) => html`<option value="${k}"${filter === k ? html` selected` : ''}>${v}</option>`)}</select>
<button type="submit" class="secondary">筛选</button></form>
<div class="table-wrap"><table class="stack"><thead><tr><th>时间 操作</th><th>操作人</th><th>对象</th><th>详情</th><th>来源地址</th></tr></thead>
<tbody>${log.map((e) => html`<tr><td class="head">${shanghaiDateTime(new Date(e.at))} ${ACTION_ZH[e.action] ?? e.action}</td><td data-label="操作人">${e.actor}</td><td data-label="对象">${e.target ?? ''}</td><td data-label="详情">${e.detail ?? ''}</td><td data-label="来源地址">${e.ip ?? ''}</td></tr>`)}</tbody></table></div>
<p class="muted">显示最近 ${log.length} 条。</p>`,
    }));
  };

  app.get<{ Querystring: { action?: string } }>('/admin/users', (req, reply) => page(reply, requireRole(req, 'admin'), req.query.action, null));

  app.post<{ Body: UserBody }>('/admin/users', async (req, reply) => {
    const viewer = requireRole(req, 'admin');
    const body = req.body ?? {};
    const login = String(body.login ?? '').trim();
    const actor = ctx.actor(req);
    try {
      if (body.op === 'add') {
        const role = String(body.role ?? '');
        await ctx.accounts.add(actor, login, role, role === 'unit' ? String(body.unitId ?? '') || null : null, String(body.password ?? ''));
        return page(reply, viewer, undefined, { ok: true, text: `已添加账号 ${login}` });
      }
      if (body.op === 'passwd') {
        await ctx.accounts.setPassword(actor, login, String(body.password ?? ''));
        return page(reply, viewer, undefined, { ok: true, text: `已重设 ${login} 的密码，其所有登录已结束` });
      }
      if (body.op === 'disable' || body.op === 'enable') {
        if (login === viewer.login) throw new AccountError('不能停用自己正在使用的账号');
        ctx.accounts.setDisabled(actor, login, body.op === 'disable');
        return page(reply, viewer, undefined, { ok: true, text: body.op === 'disable' ? `已停用账号 ${login}` : `已启用账号 ${login}` });
      }
      throw new AccountError('未知的操作');
    } catch (err) {
      if (err instanceof AccountError) return page(reply, viewer, undefined, { ok: false, text: err.message }, { ...body, password: '' });
      throw err;
    }
  });
}
