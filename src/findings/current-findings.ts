import type { UnitFixes } from './unit-fixes.js';
import type { ColumnScore } from '../scoring/platform.js';

/** A finding's identity in the ledger, as the fix list keys it: the unit, its subject (column id, `letter:…`, `site`) and kind. */
export interface FindingKey {
  unitId: string;
  subject: string;
  kind: string;
}

/** `unitId|subject|kind`: the fix list's `keyString`. */
export function findingKeyString(k: FindingKey): string {
  return `${k.unitId}|${k.subject}|${k.kind}`;
}

/** A problem one audit saw, to be fixed by the unit (Chinese text; crawled titles unescaped). */
export interface FindingFact extends FindingKey {
  subjectName: string;
  text: string;
  url: string | null;
  evidence: string | null;
  deadline: string;
}

export interface UnitSightings {
  present: FindingFact[];
  /** Keys this audit judged and found gone, by `findingKeyString`, with the evidence it judged from. */
  gone: Map<string, string | null>;
}

const COLUMN_KINDS = ['stale', 'blank', 'redirect'] as const;

/**
 * What the ledger sees in a unit's fix list: every item failing now is a finding; items only due soon or
 * awaiting an answer in time are not (yet). A finding is gone only when a crawl judged its subject fine:
 * a column that could not be read, or that now fails another way, leaves it as it was.
 */
export function unitSightings(unitId: string, u: UnitFixes): UnitSightings {
  const present: FindingFact[] = u.fixes.filter((f) => f.state === 'failing').map((f) => ({
    unitId, subject: f.key.columnId, kind: f.key.kind, subjectName: f.column ?? subjectName(f.problem), text: f.problem,
    url: f.url, evidence: f.evidence?.sha256 ?? columnEvidence(u, f.column), deadline: f.deadline,
  }));
  const gone = new Map<string, string | null>();
  const key = (subject: string, kind: string) => findingKeyString({ unitId, subject, kind });
  for (const c of u.score.platform.columns) {
    const id = u.columnIds.get(c.name);
    if (!id) continue;
    if (c.status === 'ok') for (const kind of COLUMN_KINDS) gone.set(key(id, kind), c.evidence);
    // The fix list keys a column's required postings together: gone once every one of them is posted.
    const postings = u.score.platform.requiredPostings.filter((p) => p.column === c.name);
    if (postings.length > 0 && postings.every((p) => p.status === 'on-time' || p.status === 'late')) gone.set(key(id, 'required-posting'), c.evidence);
  }
  for (const l of u.score.mailbox?.letters ?? []) if (l.replied) gone.set(key(`letter:${l.mailbox}:${l.id}`, 'letter'), null);
  for (const a of u.score.applications?.cases ?? []) if (a.status !== 'open' && a.status !== 'overdue') gone.set(key(`application:${a.id}`, 'application'), null);
  const unreachable = u.vetoes.find((v) => v.id === 'unreachable');
  if (unreachable?.status === 'ok') gone.set(key('site', 'site-unreachable'), null);
  return { present, gone };
}

function columnEvidence(u: UnitFixes, column: string | null): string | null {
  return column ? (u.score.platform.columns.find((c: ColumnScore) => c.name === column)?.evidence ?? null) : null;
}

/** A letter's or case's name for the ledger: the quoted title of the problem text, else the text's start. */
function subjectName(problem: string): string {
  return /「([^」]+)」/.exec(problem)?.[1] ?? problem.slice(0, 20);
}
