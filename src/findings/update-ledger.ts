import type { App } from '../app.js';
import { calendarFor } from '../calendar/app-calendar.js';
import { scoreStored } from '../score-stored.js';
import { ColumnRegistry } from '../store/column-registry.js';
import { FindingsRepo, type LedgerFinding } from '../store/findings-repo.js';
import { ObservationsRepo } from '../store/observations-repo.js';
import { findingKeyString, unitSightings, type FindingFact } from './current-findings.js';
import { transition, type Sighting } from './transitions.js';

/** Working days a unit has to fix a finding from the audit that first saw it (限期整改). */
export const RECTIFY_WORKDAYS = 5;

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
  const units = app.loaded.config.units.filter((u) => covered.has(u.id));
  if (units.length === 0) return counts;

  const district = scoreStored(app, run.as_of);
  const calendar = calendarFor(app.loaded);
  const deadline = calendar.addWorkdays(run.as_of, RECTIFY_WORKDAYS);
  const registry = new ColumnRegistry(app.db);
  const repo = new FindingsRepo(app.db);
  const at = app.clock.now().toISOString();
  const ctx = { on: run.as_of, at, runId };

  repo.transaction(() => {
    for (const unit of units) {
      const score = district.units.find((s) => s.id === unit.id);
      if (!score) continue;
      const ids = registry.resolve(unit).columns.map((c) => c.columnId);
      const { present, judged } = unitSightings(unit, ids, score);
      const existing = new Map(repo.forUnit(unit.id).map((f) => [findingKeyString(f), f]));
      const apply = (desc: FindingFact | LedgerFinding, prev: LedgerFinding | undefined, sighting: Sighting) => {
        if (prev && prev.lastRun !== null && prev.lastRun > runId) return;
        const t = transition(prev ? repo.state(prev) : undefined, sighting, run.as_of);
        if (!t.next) return;
        if (prev && t.events.length === 0 && sighting.seen === 'unchecked') return;
        repo.save(desc, prev, t.next, t.events, { ...ctx, sighted: sighting.seen !== 'unchecked' });
        for (const e of t.events) {
          if (e.kind === 'opened') counts.opened++;
          else if (e.kind === 'fixed') counts.fixed++;
          else if (e.kind === 'reopened') counts.reopened++;
          else if (e.kind === 'overdue') counts.overdue++;
          else if (e.kind === 'still-failing') counts.stillFailing++;
        }
      };
      const seen = new Set<string>();
      for (const fact of present) {
        const key = findingKeyString(fact);
        seen.add(key);
        apply(fact, existing.get(key), { seen: 'present', evidence: fact.evidence, deadline });
      }
      for (const [key, f] of existing) {
        if (seen.has(key) || f.status === 'fixed') continue;
        apply(f, f, judged.has(key) ? { seen: 'absent', evidence: judged.get(key) ?? null } : { seen: 'unchecked' });
      }
    }
  });
  return counts;
}

export function describeLedgerUpdate(u: LedgerUpdate): string {
  const parts = [
    u.opened && `新发现 ${u.opened} 个`, u.fixed && `已整改 ${u.fixed} 个`, u.reopened && `再次出现 ${u.reopened} 个`,
    u.overdue && `逾期 ${u.overdue} 个`, u.stillFailing && `复查仍未整改 ${u.stillFailing} 个`,
  ].filter(Boolean);
  return `整改台账（截至 ${u.asOf}）：${parts.length ? parts.join('，') : '没有变化'}。用 zwgk ledger 查看。`;
}
