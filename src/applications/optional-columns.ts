import type { ApplicationField } from '../config/mailbox-schema.js';
import type { RawCell } from './read-table.js';
import { HEADER_NAMES } from './register-schema.js';

const named = (fields: ApplicationField[]) => fields.map((f) => `「${HEADER_NAMES[f][0]}」`).join('');
const CORRECTION_DATES: ApplicationField[] = ['correctionNotice', 'correctionReceived'];

/**
 * What the import assumes for each optional column the register lacks, one line per assumption, e.g.
 * `缺少列「是否延期」：按未延期计算`. Required columns are checked elsewhere.
 */
export function missingColumnWarnings(present: ReadonlySet<ApplicationField>): string[] {
  const warnings: string[] = [];
  const datesPresent = CORRECTION_DATES.filter((f) => present.has(f));
  if (!present.has('correction') && datesPresent.length === 0) {
    warnings.push(`缺少列${named(['correction', ...CORRECTION_DATES])}：按各件均无需补正计算`);
  } else {
    if (!present.has('correction')) warnings.push(`缺少列${named(['correction'])}：填写了补正日期的件按需补正计算，其余按无需补正计算`);
    if (!present.has('correctionNotice')) warnings.push(`缺少列${named(['correctionNotice'])}：按未填写补正告知日期计算，不检查补正告知是否及时`);
    if (!present.has('correctionReceived')) warnings.push(`缺少列${named(['correctionReceived'])}：需补正的件按尚未收到补正计算（不计入按时答复的统计）`);
  }
  if (!present.has('extended')) warnings.push(`缺少列${named(['extended'])}：无法判断各件是否延期；超过法定期限、未超过延期后期限答复的件不计入按时答复的统计，不扣分`);
  return warnings;
}

/** The 是否补正 cell of a register without that column: 是 when the row has a correction date. */
export function inferredCorrection(cells: Partial<Record<ApplicationField, RawCell>>): RawCell {
  return CORRECTION_DATES.some((f) => (cells[f] ?? null) !== null) ? '是' : null;
}
