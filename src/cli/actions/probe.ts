import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { EvidenceStore } from '../../fetch/evidence-store.js';
import { HttpCache } from '../../fetch/http-cache.js';
import { HttpFetcher } from '../../fetch/http-fetcher.js';
import { describeOutcome, type Outcome } from '../../fetch/types.js';
import { probeRound } from '../../probes/run-probes.js';
import { terminalSafe } from '../../../reports/escape.js';
import { configPath } from '../shared.js';

export async function probeAction(opts: { unit?: string }, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  const { config } = app.loaded;
  if (opts.unit && !config.units.some((u) => u.id === opts.unit)) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
  if (!config.probes.enabled) process.stderr.write('注意：配置中 probes.enabled 为 false，守护进程不做定时探测；本次手动探测照常记录\n');
  const fetcher = new HttpFetcher(config.crawl, new EvidenceStore(app.db, () => app.clock.now()), new HttpCache(app.db), app.clock);
  try {
    const r = await probeRound(app, fetcher, { unitIds: opts.unit ? [opts.unit] : undefined, all: true });
    const names = new Map(config.units.map((u) => [u.id, u.name]));
    for (const p of r.probed.sort((a, b) => a.unitId.localeCompare(b.unitId))) {
      const what = p.ok ? `正常（HTTP ${p.status}，${Math.round(p.ms)} 毫秒）` : describeOutcome({ outcome: p.outcome as Outcome, error: p.error ?? undefined });
      process.stdout.write(`${terminalSafe(names.get(p.unitId))}（${p.unitId}）${terminalSafe(p.url)}：${terminalSafe(what)}\n`);
    }
    for (const c of r.changes) process.stdout.write(`状态变化：${terminalSafe(names.get(c.unitId))}首页${c.state === 'down' ? '无法访问' : '已恢复访问'}${c.mailed ? '（已放入发件箱，通知政务公开办）' : ''}\n`);
    for (const id of r.skipped) process.stderr.write(`警告：${terminalSafe(names.get(id))}（${id}）没有首页地址（units[].homepage）也没有栏目，未探测\n`);
  } finally {
    fetcher.close();
    app.close();
  }
}
