/**
 * A finding's life in the 整改 ledger, as a pure function of what it was and what one audit saw.
 * Only facts move it: a finding is fixed when a crawl saw the problem gone, never because time passed
 * or someone said so; a subject that could not be checked leaves it as it was.
 */

export type FindingStatus = 'open' | 'recheck' | 'fixed' | 'overdue';
export type FindingEventKind = 'opened' | 'recheck-requested' | 'still-failing' | 'fixed' | 'overdue' | 'reopened';

export interface FindingState {
  status: FindingStatus;
  openedOn: string;
  deadline: string | null;
  /** Evidence of the latest crawl that judged the finding's subject. */
  lastEvidence: string | null;
  fixedOn: string | null;
  reopened: number;
}

/** What one audit saw of a finding's subject. */
export type Sighting =
  | { seen: 'present'; evidence: string | null; deadline: string | null }
  | { seen: 'absent'; evidence: string | null }
  /** The subject could not be checked (unreachable, blocked, not crawled): the finding stays as it was. */
  | { seen: 'unchecked' };

export interface TransitionEvent {
  kind: FindingEventKind;
  evidence: string | null;
}

export interface Transition {
  next: FindingState | undefined;
  events: TransitionEvent[];
}

const OPEN: ReadonlySet<FindingStatus> = new Set(['open', 'recheck', 'overdue']);

export function isOpen(status: FindingStatus): boolean {
  return OPEN.has(status);
}

/** Past its deadline on `on` (the audit's date, not the machine's). */
function pastDeadline(deadline: string | null, on: string): boolean {
  return deadline !== null && deadline < on;
}

/** The state after an audit dated `on` saw `sighting`; `prev` undefined: the ledger has no such finding yet. */
export function transition(prev: FindingState | undefined, sighting: Sighting, on: string): Transition {
  if (sighting.seen === 'unchecked') return { next: prev, events: [] };
  if (!prev) {
    if (sighting.seen === 'absent') return { next: undefined, events: [] };
    const opened: FindingState = {
      status: 'open', openedOn: on, deadline: sighting.deadline, lastEvidence: sighting.evidence, fixedOn: null, reopened: 0,
    };
    return settleOverdue(opened, [{ kind: 'opened', evidence: sighting.evidence }], on);
  }
  if (sighting.seen === 'absent') {
    if (!isOpen(prev.status)) return { next: { ...prev, lastEvidence: sighting.evidence ?? prev.lastEvidence }, events: [] };
    return {
      next: { ...prev, status: 'fixed', fixedOn: on, lastEvidence: sighting.evidence ?? prev.lastEvidence },
      events: [{ kind: 'fixed', evidence: sighting.evidence }],
    };
  }
  // Present.
  if (prev.status === 'fixed') {
    const reopened: FindingState = {
      status: 'open', openedOn: on, deadline: sighting.deadline, lastEvidence: sighting.evidence, fixedOn: null, reopened: prev.reopened + 1,
    };
    return settleOverdue(reopened, [{ kind: 'reopened', evidence: sighting.evidence }], on);
  }
  const seen = { ...prev, lastEvidence: sighting.evidence ?? prev.lastEvidence };
  if (prev.status === 'recheck') {
    return settleOverdue({ ...seen, status: 'open' }, [{ kind: 'still-failing', evidence: sighting.evidence }], on);
  }
  return settleOverdue(seen, [], on);
}

/** An open finding past its deadline becomes overdue, once. */
function settleOverdue(state: FindingState, events: TransitionEvent[], on: string): Transition {
  if (state.status === 'open' && pastDeadline(state.deadline, on)) {
    return { next: { ...state, status: 'overdue' }, events: [...events, { kind: 'overdue', evidence: state.lastEvidence }] };
  }
  return { next: state, events };
}

/** A unit asked for a recheck: every open finding waits for the next crawl of its unit. */
export function requestRecheck(prev: FindingState): Transition {
  if (prev.status !== 'open' && prev.status !== 'overdue') return { next: prev, events: [] };
  return { next: { ...prev, status: 'recheck' }, events: [{ kind: 'recheck-requested', evidence: prev.lastEvidence }] };
}
