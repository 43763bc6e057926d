import type { Command } from 'commander';
import { openApp, type App } from '../../app.js';
import type { AuditSummary } from '../../audit/run-audit.js';
import { auditWithBrowser } from '../../audit/audit-with-browser.js';
import { configPath, progressWriter } from '../shared.js';
import { terminalSafe } from '../../../reports/escape.js';
import { describeMailboxCrawls } from '../../mailbox/crawl-mailboxes.js';
import { withAuditLock } from '../../schedule/audit-lock.js';
import { describeLedgerUpdate, updateLedgerAfterRun } from '../../findings/update-ledger.js';

export async function runAction(opts: { unit?: string; asOf?: string; wait?: number }, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  try {
    const summary = await withAuditLock(app, {
      purpose: opts.unit ? `复查单位 ${opts.unit}` : '检查全部单位', waitSeconds: opts.wait,
      onWait: (h) => process.stderr.write(`另一进程正在${h.purpose}（进程 ${h.pid}），等待其结束……\n`),
    }, (signal) => auditWithProgress(app, { ...opts, signal }));
    process.stdout.write(`${describeRun(summary)}\n`);
    if (!summary.aborted) process.stdout.write(`${describeLedgerUpdate(updateLedgerAfterRun(app, summary.runId))}\n`);
  } finally {
    app.close();
  }
}

/** Runs the audit, reporting each finished unit on stderr. */
export async function auditWithProgress(app: App, opts: { unit?: string; asOf?: string; signal?: AbortSignal }): Promise<AuditSummary> {
  const progress = progressWriter();
  const started = Date.now();
  try {
    return await auditWithBrowser(app, {
      unitId: opts.unit, asOf: opts.asOf, signal: opts.signal,
      onUnitDone(unit, observations, done, total) {
        const bad = observations.filter((o) => o.status !== 'ok').length;
        const pages = observations.reduce((n, o) => n + o.pagesFetched, 0);
        progress.update(`[${done}/${total}] ${terminalSafe(unit.name)}（${unit.id}）：${observations.length} 个栏目，${pages} 页${bad ? `，${bad} 个栏目有问题` : ''}，${((Date.now() - started) / 1000).toFixed(1)} 秒`);
      },
    });
  } finally {
    progress.done();
  }
}

export function describeRun(s: AuditSummary): string {
  const resumed = s.resumed ? `（续跑未完成的第 ${s.runId} 次检查，跳过已完成的 ${s.unitsSkipped} 个单位）` : '';
  const p = s.pruned;
  const pruned = p && p.fetches + p.linkChecks + p.evidence + p.extractions + p.probes > 0
    ? `\n按保留期限清理：请求记录 ${p.fetches} 条，链接检查 ${p.linkChecks} 条，页面存档 ${p.evidence} 份，解析缓存 ${p.extractions} 条，可访问性探测 ${p.probes} 条。` : '';
  const census = s.census?.length
    ? `\n网站普查 ${s.census.length} 个单位：新增栏目 ${s.census.reduce((n, c) => n + c.appeared, 0)} 个，消失 ${s.census.reduce((n, c) => n + c.disappeared, 0)} 个，失效链接 ${s.census.reduce((n, c) => n + c.linksBroken, 0)} 个（zwgk census show 单位编号）。` : '';
  const content = s.content && s.content.texts > 0
    ? `\n内容检查：新读 ${s.content.texts} 个标题、页面和附件（其中附件 ${s.content.attachments} 个），新发现 ${s.content.added} 处问题${s.content.added ? '，用 zwgk finding list 查看' : ''}。` : '';
  return `检查完成：第 ${s.runId} 次检查，${s.unitsCrawled} 个单位，${s.pages} 个列表页${resumed}。用 zwgk score 查看得分。${describeMailboxCrawls(s.mailboxes)}${content}${census}${pruned}`;
}
