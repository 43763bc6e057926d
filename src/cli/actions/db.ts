import type { Command } from 'commander';
import { openApp, type App } from '../../app.js';
import { withAuditLock } from '../../schedule/audit-lock.js';
import { cutoffs, prune, retentionPolicy, type PruneCounts } from '../../store/retention.js';
import { shanghaiDate } from '../../time/dates.js';
import { configPath } from '../shared.js';

/** `zwgk db prune`: the retention policy on demand, under the audit lock (never while a run writes). */
export async function dbPruneAction(opts: { dryRun?: boolean; wait?: number }, cmd: Command): Promise<void> {
  // A dry run only reads: it works on a database the user cannot write.
  const app = openApp(configPath(cmd), undefined, { readonly: opts.dryRun });
  try {
    const counts = opts.dryRun ? pruneNow(app, true) : await withAuditLock(app, {
      purpose: '清理过期记录', waitSeconds: opts.wait,
      onWait: (h) => process.stderr.write(`另一进程正在${h.purpose}（进程 ${h.pid}），等待其结束……\n`),
    }, async () => pruneNow(app, false));
    process.stdout.write(describePrune(app, counts, opts.dryRun === true));
  } finally {
    app.close();
  }
}

function pruneNow(app: App, dryRun: boolean): PruneCounts {
  const now = app.clock.now();
  return prune(app.db, retentionPolicy(app.loaded.config), shanghaiDate(now), now, { dryRun });
}

export function describePrune(app: App, n: PruneCounts, dryRun: boolean): string {
  const { retention } = app.loaded.config;
  const now = app.clock.now();
  const c = cutoffs(retentionPolicy(app.loaded.config), shanghaiDate(now), now);
  const head = dryRun ? '将清理（试运行，未做任何修改）' : '已清理';
  return `${head}：
  请求记录 ${n.fetches} 条（${c.logBefore} 之前；考核期和申诉期内读取详情页的记录保留）
  链接检查 ${n.linkChecks} 条（${c.keepFrom} 之前；每个链接最近一次检查保留）
  页面存档 ${n.evidence} 份，${mib(n.evidenceBytes)}（首次保存于 ${c.evidenceBefore.slice(0, 10)} 之前、不再被引用的）
  解析缓存 ${n.extractions} 条（其页面存档已不存在）
  可访问性探测 ${n.probes} 条（${c.probesBefore.slice(0, 10)} 之前；可访问性统计窗口内的保留）
保留期限：存档 ${retention.evidenceDays} 天，请求记录 ${retention.fetchLogDays} 天，申诉期 ${retention.appealWindowDays} 天；`
    + `${c.keepFrom} 起的检查结果所引用的存档全部保留。\n`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
