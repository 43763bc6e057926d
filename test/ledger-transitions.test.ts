import { describe, expect, it } from 'vitest';
import { requestRecheck, transition, type FindingState } from '../src/findings/transitions.js';

const present = (evidence: string, deadline = '2026-11-27') => ({ seen: 'present' as const, evidence, deadline });
const absent = (evidence: string) => ({ seen: 'absent' as const, evidence });
const unchecked = { seen: 'unchecked' as const };
const kinds = (t: { events: { kind: string }[] }) => t.events.map((e) => e.kind);

function open(over: Partial<FindingState> = {}): FindingState {
  return { status: 'open', openedOn: '2026-11-20', deadline: '2026-11-27', lastEvidence: 'e1', fixedOn: null, reopened: 0, ...over };
}

describe('finding transitions', () => {
  it('opens a finding the first time an audit sees it, with its evidence and deadline', () => {
    const t = transition(undefined, present('e1'), '2026-11-20');
    expect(t.next).toEqual(open());
    expect(t.events).toEqual([{ kind: 'opened', evidence: 'e1' }]);
  });

  it('ignores a problem never seen and a subject that could not be checked', () => {
    expect(transition(undefined, absent('e1'), '2026-11-20')).toEqual({ next: undefined, events: [] });
    expect(transition(undefined, unchecked, '2026-11-20')).toEqual({ next: undefined, events: [] });
    for (const status of ['open', 'recheck', 'overdue', 'fixed'] as const) {
      expect(transition(open({ status }), unchecked, '2026-12-30')).toEqual({ next: open({ status }), events: [] });
    }
  });

  it('closes an open, overdue or rechecked finding when an audit sees the problem gone, with the new evidence', () => {
    for (const status of ['open', 'recheck', 'overdue'] as const) {
      const t = transition(open({ status }), absent('e2'), '2026-11-22');
      expect(t.next).toMatchObject({ status: 'fixed', fixedOn: '2026-11-22', lastEvidence: 'e2' });
      expect(t.events).toEqual([{ kind: 'fixed', evidence: 'e2' }]);
    }
  });

  it('turns overdue once, on the first audit after the deadline, not before', () => {
    expect(kinds(transition(open(), present('e1'), '2026-11-27'))).toEqual([]);
    const late = transition(open(), present('e3'), '2026-11-28');
    expect(late.next).toMatchObject({ status: 'overdue', lastEvidence: 'e3' });
    expect(kinds(late)).toEqual(['overdue']);
    expect(kinds(transition(late.next, present('e4'), '2026-11-29'))).toEqual([]);
  });

  it('a finding first seen after its deadline is opened and overdue at once', () => {
    expect(kinds(transition(undefined, present('e1', '2026-11-01'), '2026-11-20'))).toEqual(['opened', 'overdue']);
  });

  it('a recheck request waits; the next audit says fixed or still failing', () => {
    const asked = requestRecheck(open());
    expect(asked.next?.status).toBe('recheck');
    expect(kinds(asked)).toEqual(['recheck-requested']);
    const still = transition(asked.next, present('e5'), '2026-11-21');
    expect(still.next).toMatchObject({ status: 'open', lastEvidence: 'e5' });
    expect(still.events).toEqual([{ kind: 'still-failing', evidence: 'e5' }]);
    const stillLate = transition(asked.next, present('e6'), '2026-12-01');
    expect(stillLate.next?.status).toBe('overdue');
    expect(kinds(stillLate)).toEqual(['still-failing', 'overdue']);
  });

  it('asking twice, or for a fixed finding, changes nothing', () => {
    const asked = requestRecheck(open());
    expect(requestRecheck(asked.next!)).toEqual({ next: asked.next, events: [] });
    const fixed = open({ status: 'fixed', fixedOn: '2026-11-22' });
    expect(requestRecheck(fixed)).toEqual({ next: fixed, events: [] });
    expect(kinds(requestRecheck(open({ status: 'overdue' })))).toEqual(['recheck-requested']);
  });

  it('reopens a fixed finding seen again, with a new deadline and a count', () => {
    const fixed = open({ status: 'fixed', fixedOn: '2026-11-22', reopened: 1 });
    const t = transition(fixed, present('e7', '2026-12-08'), '2026-12-01');
    expect(t.next).toEqual({ status: 'open', openedOn: '2026-12-01', deadline: '2026-12-08', lastEvidence: 'e7', fixedOn: null, reopened: 2 });
    expect(kinds(t)).toEqual(['reopened']);
    expect(transition(fixed, absent('e8'), '2026-12-01')).toEqual({ next: { ...fixed, lastEvidence: 'e8' }, events: [] });
  });
});
