import type { App } from '../app.js';
import type { UnitConfig } from '../config/schema.js';
import type { HttpFetcher } from '../fetch/http-fetcher.js';
import { ProbesRepo, UNJUDGED_OUTCOMES, type ProbeRecord } from '../store/probes-repo.js';
import { enqueueStateChange, type StateChange } from './alert-mail.js';
import { homepageOf, isDue } from './plan.js';

export interface ProbeRoundResult {
  probed: ProbeRecord[];
  changes: { unitId: string; state: 'up' | 'down'; mailed: boolean }[];
  /** Units without a homepage to probe. */
  skipped: string[];
}

const UNJUDGED: ReadonlySet<string> = new Set(UNJUDGED_OUTCOMES);

/**
 * Probes the units that are due (every listed unit when `all`), each once, through the fetcher's host
 * queues; stores each probe and mails the office on a change of state only: down after
 * `failuresToAlert` failures in a row, up again at the first success after that.
 */
export async function probeRound(app: App, fetcher: HttpFetcher, opts: { unitIds?: string[]; all?: boolean } = {}): Promise<ProbeRoundResult> {
  const { config } = app.loaded;
  const rule = config.probes;
  const repo = new ProbesRepo(app.db);
  const now = app.clock.now().getTime();
  const latest = repo.latestAt();
  const units = config.units.filter((u) => !opts.unitIds || opts.unitIds.includes(u.id));
  const skipped = units.filter((u) => !homepageOf(u)).map((u) => u.id);
  const due = units.filter((u) => homepageOf(u) && (opts.all || isDue(u.id, rule.perDay, now, latest.has(u.id) ? Date.parse(latest.get(u.id)!) : null)));
  const result: ProbeRoundResult = { probed: [], changes: [], skipped };
  await Promise.all(due.map(async (unit) => {
    const url = homepageOf(unit)!;
    const at = app.clock.now().toISOString();
    const r = await fetcher.probe(url, rule.timeoutMs);
    const record: ProbeRecord = { unitId: unit.id, url, at, ok: r.outcome === 'ok', status: r.status ?? null, ms: r.ms, outcome: r.outcome, error: r.error ?? null };
    const change = recordProbe(repo, unit, record, rule.failuresToAlert);
    result.probed.push(record);
    if (change) result.changes.push({ unitId: unit.id, state: change.state, mailed: await enqueueStateChange(app, change) });
  }));
  return result;
}

/** Stores a probe and moves the unit's state; returns the change when there is one. */
function recordProbe(repo: ProbesRepo, unit: UnitConfig, p: ProbeRecord, failuresToAlert: number): StateChange | null {
  return repo.transaction(() => {
    repo.add(p);
    if (UNJUDGED.has(p.outcome)) return null;
    const s = repo.state(unit.id);
    if (p.ok) {
      repo.setState(unit.id, { state: 'up', since: s.state === 'down' ? p.at : s.since || p.at, failuresInRow: 0 });
      return s.state === 'down' ? { unit, state: 'up', probes: [p], downSince: s.since } : null;
    }
    const failures = s.failuresInRow + 1;
    if (s.state === 'up' && failures >= failuresToAlert) {
      repo.setState(unit.id, { state: 'down', since: p.at, failuresInRow: failures });
      const inRow = repo.recent(unit.id, failures).filter((r) => !r.ok && !UNJUDGED.has(r.outcome)).reverse();
      return { unit, state: 'down', probes: inRow, downSince: null };
    }
    repo.setState(unit.id, { ...s, since: s.since || p.at, failuresInRow: failures });
    return null;
  });
}
