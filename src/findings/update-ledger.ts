import type { App } from '../app.js';
import { FindingsRepo, type LedgerFinding } from '../store/findings-repo.js';
import { ObservationsRepo } from '../store/observations-repo.js';
import { findingKeyString, unitSightings, type FindingFact } from './current-findings.js';
import { transition, type FindingEventKind, type Sighting } from './transitions.js';
import { unitFixes } from './unit-fixes.js';

export interface LedgerUpdate {
  runId: number;
  asOf: string;
  opened: number;
  fixed: number;
  reopened: number;
  overdue: number;
  stillFailing: number;
}

/**
 * Moves the ledger after a finished audit run: the units the run crawled are scored as of the run's date
 * (stored facts only) and every finding of theirs sees what the run saw. Idempotent for a run; a run older
 * than a finding's latest sighting does not move it.
 */
export function updateLedgerAfterRun(app: App, runId: number): LedgerUpdate {
  const observations = new ObservationsRepo(app.db);
  const run = observations.runById(runId);
  if (!run) throw new Error(`没有第 ${runId} 次检查的记录`);
  const counts: LedgerUpdate = { runId, asOf: run.as_of, opened: 0, fixed: 0, reopened: 0, overdue: 0, stillFailing: 0 };
  const covered = observations.finishedUnits(runId);
  const unitIds = app.loaded.config.units.filter((u) => covered.has(u.id)).map((u) => u.id);
  if (unitIds.length === 0) return counts;

  const fixes = unitFixes(app, run.as_of, unitIds);
  const repo = new FindingsRepo(app.db);
  const ctx = { on: run.as_of, at: app.clock.now().toISOString(), runId };
  repo.transaction(() => {
    for (const [unitId, u] of fixes) {
      const { present, gone } = unitSightings(unitId, u);
      const existing = new Map(repo.forUnit(unitId).map((f) => [findingKeyString(f), f]));
      const apply = (desc: FindingFact | LedgerFinding, prev: LedgerFinding | undefined, sighting: Sighting) => {
        if (prev && prev.lastRun !== null && prev.lastRun > runId) return;
        const t = transition(prev ? repo.state(prev) : undefined, sighting, run.as_of);
        if (!t.next || (prev && sighting.seen === 'unchecked')) return;
        repo.save(desc, prev, t.next, t.events, { ...ctx, sighted: true });
        for (const e of t.events) if (e.kind !== 'recheck-requested') counts[COUNTED[e.kind]]++;
      };
      const seen = new Set<string>();
      for (const fact of present) {
        const key = findingKeyString(fact);
        seen.add(key);
        apply(fact, existing.get(key), { seen: 'present', evidence: fact.evidence, deadline: fact.deadline });
      }
      for (const [key, f] of existing) {
        if (seen.has(key) || f.status === 'fixed') continue;
        apply(f, f, gone.has(key) ? { seen: 'absent', evidence: gone.get(key) ?? null } : { seen: 'unchecked' });
      }
    }
  });
  return counts;
}

/** Events an audit causes, by the count they add to (a recheck request is a person's, never an audit's). */
const COUNTED: Record<Exclude<FindingEventKind, 'recheck-requested'>, keyof Omit<LedgerUpdate, 'runId' | 'asOf'>> = {
  opened: 'opened', fixed: 'fixed', reopened: 'reopened', overdue: 'overdue', 'still-failing': 'stillFailing',
};

export function describeLedgerUpdate(u: LedgerUpdate): string {
  const parts = [
    u.opened && `新发现 ${u.opened} 个`, u.fixed && `已整改 ${u.fixed} 个`, u.reopened && `再次出现 ${u.reopened} 个`,
    u.overdue && `逾期 ${u.overdue} 个`, u.stillFailing && `复查仍未整改 ${u.stillFailing} 个`,
  ].filter(Boolean);
  return `整改台账（截至 ${u.asOf}）：${parts.length ? parts.join('，') : '没有变化'}。用 zwgk ledger 查看。`;
}
