import type { UnitConfig } from '../config/schema.js';
import type { AssessedUnitScore } from '../scoring/score-district.js';
import type { ColumnScore } from '../scoring/platform.js';
import { mailboxView } from '../../reports/timeliness-view.js';

/** A finding's identity in the ledger: the unit, what it is about (column id or `letter:<id>`) and its kind. */
export interface FindingKey {
  unitId: string;
  subject: string;
  kind: string;
}

export function findingKeyString(k: FindingKey): string {
  return `${k.unitId}\u0000${k.subject}\u0000${k.kind}`;
}

/** A problem one audit saw, to be fixed by the unit (Chinese text; crawled titles unescaped). */
export interface FindingFact extends FindingKey {
  subjectName: string;
  text: string;
  url: string | null;
  evidence: string | null;
}

export interface UnitSightings {
  present: FindingFact[];
  /** Every (subject, kind) this audit judged, by `findingKeyString`, with the evidence it judged from. */
  judged: Map<string, string | null>;
}

/** Column statuses that mean the column was read and judged; the others are "could not check". */
const JUDGED: ReadonlySet<ColumnScore['status']> = new Set(['ok', 'stale', 'blank', 'redirect']);

const COLUMN_TEXT: Partial<Record<ColumnScore['status'], (c: ColumnScore) => string>> = {
  stale: (c) => c.newestDate
    ? `栏目「${c.name}」未按时更新：最新信息发布于 ${c.newestDate}，已超过 ${c.cadenceDays} 天更新周期${c.daysOverdue ? ` ${c.daysOverdue} 天` : ''}`
    : `栏目「${c.name}」没有带日期的信息，视为未更新`,
  blank: (c) => `栏目「${c.name}」有栏目无内容（${c.reason ?? '空白'}）`,
  redirect: (c) => `栏目「${c.name}」${c.reason ?? '页面只跳转到别处，没有自己的内容'}`,
};

/**
 * What the ledger tracks of one unit's score: the column problems a unit can fix (stale, blank, redirect),
 * missing required postings and unanswered letters. `columnIds` are the stable ids of `unit.columns`, in order.
 * Points already lost and "could not check" are not findings to fix.
 */
export function unitSightings(unit: UnitConfig, columnIds: string[], score: AssessedUnitScore): UnitSightings {
  const present: FindingFact[] = [];
  const judged = new Map<string, string | null>();
  const idByName = new Map(unit.columns.map((c, i) => [c.name, columnIds[i]]));
  score.platform.columns.forEach((c) => {
    const subject = idByName.get(c.name);
    if (!subject || !JUDGED.has(c.status)) return;
    const key: FindingKey = { unitId: unit.id, subject, kind: 'column' };
    judged.set(findingKeyString(key), c.evidence);
    const text = COLUMN_TEXT[c.status];
    if (text) present.push({ ...key, subjectName: c.name, text: text(c), url: c.url, evidence: c.evidence });
  });
  for (const r of score.platform.requiredPostings) {
    const subject = idByName.get(r.column);
    if (!subject || r.status === 'unchecked') continue;
    const key: FindingKey = { unitId: unit.id, subject, kind: `required:${r.label}` };
    const column = score.platform.columns.find((c) => c.name === r.column);
    judged.set(findingKeyString(key), column?.evidence ?? null);
    if (r.status === 'missing') {
      present.push({
        ...key, subjectName: r.column, text: `栏目「${r.column}」应于 ${r.due} 前发布「${r.label}」，至今未发布`,
        url: column?.url ?? null, evidence: column?.evidence ?? null,
      });
    }
  }
  for (const l of mailboxView(score)?.entries ?? []) {
    const key: FindingKey = { unitId: unit.id, subject: `letter:${l.id}`, kind: 'letter' };
    if (l.status === 'overdue') {
      judged.set(findingKeyString(key), null);
      present.push({
        ...key, subjectName: l.title, url: l.url, evidence: null,
        text: `信件「${l.title}」${l.submitted ? `${l.submitted.slice(0, 10)} 提交，` : ''}至今未回复${l.limit ? `，时限 ${l.limit} 个工作日` : ''}`,
      });
    } else if (l.replied) judged.set(findingKeyString(key), null);
  }
  return { present, judged };
}
