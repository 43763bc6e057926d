import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { ContentRepo, type ContentFinding } from '../../store/content-repo.js';
import { shanghaiDate } from '../../time/dates.js';
import { contentFindingLine } from '../../../reports/content-findings.js';
import { terminalSafe } from '../../../reports/escape.js';
import { configPath } from '../shared.js';

const STATUS_ZH = { open: '待整改', fixed: '已整改', allowed: '误报（白名单）' } as const;

export function findingListAction(opts: { unit?: string; all?: boolean }, cmd: Command): void {
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const names = new Map(app.loaded.config.units.map((u) => [u.id, u.name]));
    if (opts.unit && !names.has(opts.unit)) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
    const rows = new ContentRepo(app.db).list({ unitId: opts.unit, statuses: opts.all ? ['open', 'fixed', 'allowed'] : ['open'] });
    if (rows.length === 0) process.stdout.write(opts.all ? '没有内容问题\n' : '没有待整改的内容问题\n');
    for (const f of rows) process.stdout.write(`${line(f, names.get(f.unitId) ?? f.unitId)}\n`);
  } finally {
    app.close();
  }
}

export function findingAllowAction(id: string, opts: { reason: string; by?: string }, cmd: Command): void {
  const app = openApp(configPath(cmd));
  try {
    if (!opts.reason.trim()) throw new Error('--reason 不能为空：请写明为什么不是错误');
    const by = opts.by ?? process.env.ZWGK_USER ?? app.loaded.config.district.operator ?? null;
    const f = new ContentRepo(app.db).allow(findingId(id), opts.reason.trim(), by, app.clock.now(), shanghaiDate(app.clock.now()));
    process.stdout.write(`已认定为误报并加入白名单（以后不再报）：${terminalSafe(contentFindingLine(f))}\n`);
  } finally {
    app.close();
  }
}

export function findingFixedAction(id: string, _opts: unknown, cmd: Command): void {
  const app = openApp(configPath(cmd));
  try {
    const f = new ContentRepo(app.db).markFixed(findingId(id), shanghaiDate(app.clock.now()));
    process.stdout.write(`已标记为已整改：${terminalSafe(contentFindingLine(f))}\n`);
  } finally {
    app.close();
  }
}

function findingId(id: string): number {
  if (!/^\d+$/.test(id)) throw new Error(`问题编号应为数字，收到 "${id}"`);
  return Number(id);
}

function line(f: ContentFinding, unitName: string): string {
  return terminalSafe(`#${f.id} [${STATUS_ZH[f.status]}] ${unitName}（${f.unitId}）${f.foundOn}：${contentFindingLine(f)}`);
}
