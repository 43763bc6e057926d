import { z } from 'zod';
import type { ApplicationField } from '../config/mailbox-schema.js';
import type { RawCell } from './read-table.js';
import { makeDate } from '../time/dates.js';

/** Usual header names of each field in handling-system exports (compared without spaces, brackets or `*`). */
export const HEADER_NAMES: Record<ApplicationField, string[]> = {
  code: ['编号', '申请编号', '受理编号', '登记编号', '案件编号', '申请单号', '流水号', '办件编号'],
  unit: ['受理单位', '受理机关', '受理部门', '承办单位', '承办部门', '办理单位', '答复单位', '被申请机关', '被申请单位', '单位名称'],
  received: ['申请日期', '收到申请日期', '收到日期', '受理日期', '申请时间', '收到申请时间', '登记日期', '申请收到日期'],
  correction: ['是否补正', '补正', '需补正', '是否需要补正', '是否需补正'],
  correctionNotice: ['补正告知日期', '补正通知日期', '告知补正日期', '补正告知时间', '补正通知时间'],
  correctionReceived: ['补正收到日期', '收到补正日期', '补正后收到日期', '补正完成日期', '收到补正材料日期', '补正材料收到日期', '补正收到时间'],
  extended: ['是否延期', '延期', '是否延期答复', '延期答复', '是否延长答复期限'],
  replied: ['答复日期', '答复时间', '办结日期', '办结时间', '回复日期', '答复办结日期'],
};

/** Columns a register must have; for a missing other one the import says what it assumed (`optional-columns.ts`). */
export const REQUIRED_FIELDS: ApplicationField[] = ['code', 'unit', 'received', 'replied'];

export function headerKey(text: string): string {
  return text.replace(/[\s\u3000*＊:：()（）]/g, '');
}

const DATE_TEXT = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2})?)?\s*$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A register date: a spreadsheet date, an Excel serial number, `2021-03-05`, `2021/3/5`, `2021年3月5日`, `20210305`. */
export function cellDate(cell: RawCell): string | null | undefined {
  if (cell === null) return null;
  if (typeof cell === 'object') return cell.date;
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 20_000 || cell > 80_000) return undefined;
    return new Date(EXCEL_EPOCH + cell * 86_400_000).toISOString().slice(0, 10);
  }
  const compact = /^\s*(\d{4})(\d{2})(\d{2})\s*$/.exec(cell);
  const m = compact ?? DATE_TEXT.exec(cell);
  return m ? (makeDate(+m[1], +m[2], +m[3]) ?? undefined) : undefined;
}

const YES = /^(是|有|需要|需|已延期|延期|y|yes|true|1|√|✓)$/i;
const NO = /^(否|无|不需要|不|未延期|n|no|false|0|×|-|—)$/i;

export function cellBool(cell: RawCell): boolean | undefined {
  if (cell === null) return false;
  const t = String(typeof cell === 'object' ? cell.date : cell).trim();
  if (YES.test(t)) return true;
  if (NO.test(t)) return false;
  return undefined;
}

function cellText(cell: RawCell): string {
  if (cell === null) return '';
  return (typeof cell === 'object' ? cell.date : String(cell)).trim();
}

const raw = z.custom<RawCell>(() => true);
const shownAs = (cell: RawCell) => (cell === null ? '' : `，收到“${cellText(cell)}”`);

const requiredText = (what: string) => raw.transform((cell, ctx) => {
  const t = cellText(cell);
  if (!t) ctx.addIssue({ code: 'custom', message: `缺少${what}` });
  return t;
});

const date = (required: boolean) => raw.transform((cell, ctx) => {
  const d = cellDate(cell);
  if (d === undefined) ctx.addIssue({ code: 'custom', message: `不是有效日期（应为 2021-03-05 这样的日期）${shownAs(cell)}` });
  else if (d === null && required) ctx.addIssue({ code: 'custom', message: '缺少日期' });
  return d ?? null;
});

const yesNo = raw.transform((cell, ctx) => {
  const b = cellBool(cell);
  if (b === undefined) ctx.addIssue({ code: 'custom', message: `应填“是”或“否”${shownAs(cell)}` });
  return b ?? false;
});

/**
 * One register row: every cell checked, then the dates against each other. A date the register has no
 * column for is not asked for.
 */
export const registerRowSchema = (present: ReadonlySet<ApplicationField>) => z.object({
  code: requiredText('编号'),
  unit: requiredText('受理单位'),
  received: date(true),
  correction: yesNo,
  correctionNotice: date(false),
  correctionReceived: date(false),
  extended: yesNo,
  replied: date(false),
}).superRefine((r, ctx) => {
  const issue = (path: ApplicationField, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!r.received) return;
  if (r.replied && r.replied < r.received) issue('replied', `答复日期 ${r.replied} 早于申请日期 ${r.received}`);
  if (!r.correction && (r.correctionNotice || r.correctionReceived)) issue('correction', '填写了补正日期，但“是否补正”不是“是”');
  if (r.correction && !r.correctionNotice && present.has('correctionNotice')) issue('correctionNotice', '“是否补正”为“是”时应填写补正告知日期');
  if (r.correctionNotice && r.correctionNotice < r.received) issue('correctionNotice', `补正告知日期 ${r.correctionNotice} 早于申请日期 ${r.received}`);
  if (r.correctionReceived && r.correctionNotice && r.correctionReceived < r.correctionNotice) {
    issue('correctionReceived', `补正收到日期 ${r.correctionReceived} 早于补正告知日期 ${r.correctionNotice}`);
  }
  if (r.replied && r.correctionReceived && r.replied < r.correctionReceived) issue('replied', `答复日期 ${r.replied} 早于补正收到日期 ${r.correctionReceived}`);
});
export type RegisterRow = z.infer<ReturnType<typeof registerRowSchema>>;
