import type { App } from '../app.js';
import { shanghaiDate } from '../time/dates.js';
import { FindingsRepo } from '../store/findings-repo.js';
import { RechecksRepo, type Recheck } from '../store/rechecks-repo.js';
import { requestRecheck as recheckTransition } from './transitions.js';

/** Who asks: the console's viewer or the CLI's operator; only the login is recorded. */
export interface Requester {
  login: string;
}

export interface RecheckRequest {
  recheck: Recheck;
  /** A request of the same unit was already queued: this one was merged into it. */
  merged: boolean;
  /** Open findings of the unit now waiting for the recheck. */
  findings: number;
}

/**
 * Queues a rerun of one unit ("我已整改，申请复查"): every open finding of the unit is marked as waiting
 * for it, with who asked and when. A unit already queued is not queued twice.
 */
export function requestRecheck(app: App, unitId: string, requester: Requester): RecheckRequest {
  if (!app.loaded.config.units.some((u) => u.id === unitId)) throw new Error(`配置中没有编号为 "${unitId}" 的单位`);
  const findings = new FindingsRepo(app.db);
  const rechecks = new RechecksRepo(app.db);
  const now = app.clock.now();
  const at = now.toISOString();
  return findings.transaction(() => {
    const { recheck, merged } = rechecks.enqueue(unitId, requester.login, at);
    let count = 0;
    for (const f of findings.forUnit(unitId)) {
      if (f.status === 'fixed') continue;
      const t = recheckTransition(findings.state(f));
      if (t.events.length > 0) {
        findings.save(f, f, t.next!, t.events, { on: shanghaiDate(now), at, runId: null, actor: requester.login, recheckId: recheck.id, sighted: false });
      }
      rechecks.attachFinding(recheck.id, f.id, f.lastEvidence);
      count++;
    }
    return { recheck: rechecks.get(recheck.id)!, merged, findings: count };
  });
}
