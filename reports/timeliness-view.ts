/**
 * Read-only views of the mailbox and application sub-scores (item 9, parts 2 and 3) for reports.
 * They are optional on a unit's score until the timeliness scoring provides them, so they are read
 * defensively: a missing part is "待接入", never a zero.
 */

export interface LetterView {
  id: string;
  title: string;
  url: string | null;
  submitted: string | null;
  replied: string | null;
  workdays: number | null;
  limit: number | null;
  onTime: boolean | null;
  status: string | null;
  /** Unanswered past the veto period, as the mailbox scoring judged it; null when not said. */
  vetoed: boolean | null;
}

export interface CaseView {
  id: string;
  received: string | null;
  replied: string | null;
  workdays: number | null;
  limit: number | null;
  onTime: boolean | null;
  status: string | null;
}

export interface TimelinessView<T> {
  score: number | null;
  max: number;
  /** Entries that could be judged (on time or not); the share each is worth. */
  counted: number;
  entries: T[];
}

/** A letter or case that cost points: answered late, or overdue and still open. */
export function isLost(e: { status: string | null; onTime: boolean | null }): boolean {
  if (e.status === 'late' || e.status === 'overdue') return true;
  return e.status === null && e.onTime === false;
}

type Loose = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

function part(score: unknown, key: string): Loose | undefined {
  const p = (score as Loose | null)?.[key];
  return p && typeof p === 'object' && 'max' in p ? (p as Loose) : undefined;
}

export function mailboxView(score: unknown): TimelinessView<LetterView> | undefined {
  const p = part(score, 'mailbox');
  if (!p) return undefined;
  const letters = Array.isArray(p.letters) ? (p.letters as Loose[]) : [];
  return {
    score: num(p.score), max: num(p.max) ?? 0, counted: num(p.counted) ?? letters.length,
    entries: letters.map((l, i) => ({
      id: str(l.id) ?? String(i + 1), title: str(l.title) ?? '（无标题）', url: str(l.url), submitted: str(l.submitted), replied: str(l.replied),
      workdays: num(l.workdays), limit: num(l.limit), onTime: bool(l.onTime), status: str(l.status), vetoed: bool(l.vetoed),
    })),
  };
}

export function applicationsView(score: unknown): TimelinessView<CaseView> | undefined {
  const p = part(score, 'applications');
  if (!p) return undefined;
  const cases = Array.isArray(p.cases) ? (p.cases as Loose[]) : [];
  return {
    score: num(p.score), max: num(p.max) ?? 0, counted: num(p.counted) ?? cases.length,
    entries: cases.map((c, i) => ({
      id: str(c.id) ?? str(c.no) ?? String(i + 1), received: str(c.received) ?? str(c.receivedOn) ?? str(c.submitted),
      replied: str(c.replied) ?? str(c.answered), workdays: num(c.workdays), limit: num(c.limit), onTime: bool(c.onTime), status: str(c.status),
    })),
  };
}
