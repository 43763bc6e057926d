import type { UnitConfig } from '../config/schema.js';
import { UnitMatcher } from '../mailbox/unit-matcher.js';
import { lettersInPeriod, type LetterFact } from './mailbox.js';
import type { ApplicationFact } from './applications.js';

/** A handling-unit name (from letters or the register) that matches no unit; '' when none was shown. */
export interface UnmatchedName {
  name: string;
  letters: number;
  cases: number;
}

export interface TimelinessFacts {
  lettersByUnit: Map<string, LetterFact[]>;
  casesByUnit: Map<string, ApplicationFact[]>;
  /** Names of the period's letters and cases that match no unit, most frequent first. */
  unmatched: UnmatchedName[];
}

/** Letters and cases attributed to units by handling-unit name or alias; what matches nothing is counted, never dropped. */
export function attributeFacts(letters: LetterFact[], cases: ApplicationFact[], units: UnitConfig[], period: { start: string; end: string }, asOf: string): TimelinessFacts {
  const matcher = new UnitMatcher(units);
  const lettersByUnit = new Map<string, LetterFact[]>();
  const casesByUnit = new Map<string, ApplicationFact[]>();
  const unmatched = new Map<string, UnmatchedName>();
  const miss = (name: string, kind: 'letters' | 'cases') => {
    const entry = unmatched.get(name) ?? { name, letters: 0, cases: 0 };
    entry[kind]++;
    unmatched.set(name, entry);
  };
  const inPeriod = new Set(lettersInPeriod(letters, period, asOf).map((l) => l.id));
  for (const letter of letters) {
    const { unitIds, unmatched: names } = matcher.attribute(letter.handler);
    for (const id of unitIds) push(lettersByUnit, id, letter);
    if (!inPeriod.has(letter.id)) continue;
    for (const name of names) miss(name, 'letters');
    if (unitIds.length === 0 && names.length === 0) miss('', 'letters');
  }
  const end = period.end < asOf ? period.end : asOf;
  for (const c of cases) {
    const { unitIds, unmatched: names } = matcher.attribute(c.unitName);
    for (const id of unitIds) push(casesByUnit, id, c);
    if (c.received < period.start || c.received > end) continue;
    for (const name of names) miss(name, 'cases');
  }
  const sorted = [...unmatched.values()].sort((a, b) => b.letters + b.cases - (a.letters + a.cases) || a.name.localeCompare(b.name));
  return { lettersByUnit, casesByUnit, unmatched: sorted };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
