import type { ApplicationsPart } from '../scheme/timeliness-parts.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { roundTo } from './timeliness-util.js';

/** One case of the disclosure-application register as imported. Dates are `YYYY-MM-DD`. */
export interface ApplicationFact {
  code: string;
  unitName: string;
  received: string;
  correction: boolean;
  correctionNotice: string | null;
  correctionReceived: string | null;
  /** Null when the register had no 是否延期 column: unknown, never assumed either way. */
  extended: boolean | null;
  replied: string | null;
}

/**
 * `on-time`/`late`: answered within / beyond the limit; `open`: unanswered and within it; `overdue`:
 * unanswered past it; `awaiting-correction`: a correction (补正) was requested and the corrected
 * application has not arrived (by the as-of date), so no clock runs and the case does not count;
 * `extension-unknown`: answered after the normal limit but within the extended one, and the register
 * does not say whether it was extended, so the case cannot be judged and does not count.
 */
export type CaseOutcome = 'on-time' | 'late' | 'open' | 'overdue' | 'awaiting-correction' | 'extension-unknown';

export interface CaseScore {
  /** 编号 in the register. */
  id: string;
  unitName: string;
  received: string;
  correction: boolean;
  correctionNotice: string | null;
  correctionReceived: string | null;
  /** The day the clock starts after: receipt, or the corrected application's arrival. */
  clockStart: string;
  extended: boolean | null;
  replied: string | null;
  workdays: number | null;
  limit: number;
  onTime: boolean | null;
  status: CaseOutcome;
  /** The correction was requested later than the law's 7 working days (flagged, not scored). */
  lateCorrectionNotice: boolean;
}

export interface ApplicationsScore {
  score: number;
  max: number;
  counted: number;
  onTimeCount: number;
  cases: CaseScore[];
}

export interface ApplicationsScoreInput {
  cases: ApplicationFact[];
  part: ApplicationsPart;
  calendar: WorkCalendar;
  period: { start: string; end: string };
  asOf: string;
}

/**
 * Item 9, applications part (条例 Art. 30/33): answered within 20 working days after receipt, 40 when
 * extended; after a correction request the clock restarts when the corrected application arrives, so
 * the interval in between is not counted. Full marks with no case to judge.
 */
export function scoreApplications(input: ApplicationsScoreInput): ApplicationsScore {
  const { part, calendar, asOf } = input;
  const end = input.period.end < asOf ? input.period.end : asOf;
  const cases = input.cases
    .filter((c) => c.received >= input.period.start && c.received <= end)
    .map((c): CaseScore => {
      // Unknown extension: late only past the extended limit, on time only within the normal one.
      const limit = c.extended === false ? part.limitWorkdays : part.extendedLimitWorkdays;
      const correctionReceived = c.correctionReceived && c.correctionReceived <= asOf ? c.correctionReceived : null;
      const replied = c.replied && c.replied <= asOf ? c.replied : null;
      const clockStart = c.correction && correctionReceived ? correctionReceived : c.received;
      const lateCorrectionNotice = c.correction && c.correctionNotice !== null &&
        calendar.workdaysBetween(c.received, c.correctionNotice) > part.correctionNoticeWorkdays;
      const base = {
        id: c.code, unitName: c.unitName, received: c.received, correction: c.correction, correctionNotice: c.correctionNotice,
        correctionReceived, clockStart, extended: c.extended, replied, limit, lateCorrectionNotice,
      };
      if (c.correction && !correctionReceived) {
        return { ...base, workdays: null, onTime: null, status: 'awaiting-correction' };
      }
      if (replied) {
        const workdays = calendar.workdaysBetween(clockStart, replied);
        if (c.extended === null && workdays > part.limitWorkdays && workdays <= limit) {
          return { ...base, workdays, onTime: null, status: 'extension-unknown' };
        }
        return { ...base, workdays, onTime: workdays <= limit, status: workdays <= limit ? 'on-time' : 'late' };
      }
      const workdays = calendar.workdaysBetween(clockStart, asOf);
      return workdays > limit
        ? { ...base, workdays, onTime: false, status: 'overdue' }
        : { ...base, workdays, onTime: null, status: 'open' };
    });
  const judged = cases.filter((c) => c.onTime !== null);
  const onTimeCount = judged.filter((c) => c.onTime).length;
  return {
    score: roundTo(part.max * (judged.length > 0 ? onTimeCount / judged.length : 1), 2),
    max: part.max,
    counted: judged.length,
    onTimeCount,
    cases,
  };
}
