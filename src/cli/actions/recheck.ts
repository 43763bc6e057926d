import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { requestRecheck } from '../../findings/request-recheck.js';
import { RecheckWorker } from '../../findings/recheck-worker.js';
import { FindingsRepo } from '../../store/findings-repo.js';
import { RechecksRepo } from '../../store/rechecks-repo.js';
import { configPath } from '../shared.js';
import { terminalSafe } from '../../../reports/escape.js';

const OUTCOME_ZH = { fixed: '已整改', 'still-failing': '仍未整改', 'not-checked': '本次未能检查，下次检查时再判断' } as const;

export async function recheckAction(unitId: string, opts: { by?: string; wait: boolean }, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  try {
    const by = [opts.by, process.env.ZWGK_USER, app.loaded.config.district.operator].map((s) => s?.trim()).find((s) => s) ?? '命令行';
    const req = requestRecheck(app, unitId, { login: by });
    process.stdout.write(`${req.merged ? '该单位已在复查队列中，本次申请已合并' : '已加入复查队列'}（第 ${req.recheck.id} 号，待复查问题 ${req.findings} 个）\n`);
    if (!opts.wait) return;
    const worker = new RecheckWorker({ app, log: { info: (t) => process.stderr.write(`${t}\n`), warn: (t) => process.stderr.write(`${t}\n`), error: (t) => process.stderr.write(`${t}\n`) } });
    const rechecks = new RechecksRepo(app.db);
    // Another process (the daemon, zwgk serve) may have claimed it: then wait for it to finish there.
    for (;;) {
      const r = rechecks.get(req.recheck.id);
      if (!r || r.status === 'done' || r.status === 'failed') break;
      if (r.status === 'queued') await worker.drain();
      else await new Promise((res) => setTimeout(res, 1000));
    }
    const done = rechecks.get(req.recheck.id);
    if (!done) return;
    if (done.status === 'failed') throw new Error(`复查失败：${done.error ?? ''}`);
    const findings = new FindingsRepo(app.db);
    for (const rf of rechecks.findings(done.id)) {
      const f = findings.get(rf.findingId);
      if (f && rf.outcome) process.stdout.write(`[${OUTCOME_ZH[rf.outcome]}] ${terminalSafe(f.text)}${rf.afterEvidence ? `（新证据 ${rf.afterEvidence.slice(0, 12)}）` : ''}\n`);
    }
    process.stdout.write(`复查完成（第 ${done.runId} 次检查）。\n`);
  } finally {
    app.close();
  }
}
