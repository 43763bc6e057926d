import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { absoluteUrl, itemTitle, squash } from '../html.js';
import type { LetterRow } from './types.js';
import { normalizeSatisfaction, normalizeStatus, parseDateTime, parseMonthDayTime } from './words.js';

type Field = 'code' | 'title' | 'type' | 'writer' | 'submitted' | 'replied' | 'handler' | 'status' | 'satisfaction';

// Checked in order: 回复时间 is a reply time, not a submission time; 回复状态 is a status.
const HEADER_WORDS: [RegExp, Field][] = [
  [/(回复|答复|办结|处理)(时间|日期)/, 'replied'],
  [/状态|处理情况|办理情况|办理结果/, 'status'],
  [/满意|评价/, 'satisfaction'],
  [/编号|单号|受理号|信件号/, 'code'],
  [/标题|主题|事项/, 'title'],
  [/类型|类别|分类/, 'type'],
  [/写信人|来信人|留言人|姓名|网友/, 'writer'],
  [/时间|日期/, 'submitted'],
  [/单位|部门|机构|承办|办理/, 'handler'],
];

export function headerField(text: string): Field | null {
  const t = squash(text).replace(/\s/g, '');
  if (!t) return null;
  return HEADER_WORDS.find(([re]) => re.test(t))?.[1] ?? null;
}

/** The fields named by a header row, or null when the row is not a header (it holds a link or no field names). */
export function headerOf($: CheerioAPI, row: AnyNode): (Field | null)[] | null {
  if ($(row).find('a[href]').length > 0) return null;
  const cells = $(row).children('th, td').toArray().map((c) => headerField($(c).text()));
  return cells.filter(Boolean).length >= 2 ? cells : null;
}

/**
 * Reads a letter row. With a header, cells are taken by header; without one, by what they hold: the
 * cell with the link is the title, a date is the submission time, a status word is the status, a
 * letter number is the code and the remaining short text is the handling unit.
 */
export function letterRow($: CheerioAPI, row: AnyNode, base: string, header: (Field | null)[] | null): LetterRow | null {
  const cells = $(row).children('td, th').toArray();
  const link = $(row).find('a[href]').first();
  if (link.length === 0) return null;
  const title = itemTitle(link.text(), link.attr('title'));
  if (!title) return null;
  const url = absoluteUrl(link.attr('href'), base);
  const fields: Partial<Record<Field, string>> = {};
  cells.forEach((cell, i) => {
    const text = squash($(cell).text());
    if (!text) return;
    const field = header ? header[i] : guessField($, cell, text, fields);
    if (field && fields[field] === undefined) fields[field] = text;
  });
  const code = fields.code && /^[\w-]{4,40}$/.test(fields.code) ? fields.code : undefined;
  const key = code ?? url ?? `${title}\0${fields.submitted ?? ''}`;
  return {
    key, title, detail: url ? { url } : null,
    ...(code ? { code } : {}),
    ...(fields.handler ? { handler: fields.handler } : {}),
    ...(fields.writer ? { writer: fields.writer } : {}),
    ...(fields.status ? { statusShown: fields.status } : {}),
    ...(fields.type ? { typeShown: fields.type } : {}),
    ...(fields.satisfaction ? { satisfactionShown: fields.satisfaction } : {}),
    ...submitted(fields.submitted),
  };
}

/** The submission time as the list shows it: in full, or a month-day whose year the list's order gives. */
function submitted(text: string | undefined): Pick<LetterRow, 'submittedAt' | 'submittedSource' | 'submittedMonthDay'> {
  const full = parseDateTime(text);
  if (full) return { submittedAt: full, submittedSource: 'list' };
  const partial = parseMonthDayTime(text);
  return partial ? { submittedMonthDay: partial } : {};
}

function guessField($: CheerioAPI, cell: AnyNode, text: string, taken: Partial<Record<Field, string>>): Field | null {
  if ($(cell).find('a[href]').length > 0) return 'title';
  if (parseDateTime(text)) return taken.submitted === undefined ? 'submitted' : 'replied';
  if (normalizeStatus(text)) return 'status';
  if (normalizeSatisfaction(text)) return 'satisfaction';
  if (/^[A-Za-z]{0,6}\d[\w-]{3,39}$/.test(text)) return 'code';
  if (/^(咨询|建议|投诉|求助|举报|意见|投诉举报|意见建议)$/.test(text)) return 'type';
  if (text.length <= 40) return taken.handler === undefined ? 'handler' : null;
  return null;
}

/**
 * Label/value pairs of a letter page: two-cell table rows (`<th>答复时间</th><td>…</td>`) and
 * `标签：值` text in paragraphs and list items. The first occurrence of a label wins.
 */
export function labelValues($: CheerioAPI): Map<string, string> {
  const out = new Map<string, string>();
  const put = (label: string, value: string) => {
    const l = squash(label).replace(/[\s：:]/g, '');
    if (l && l.length <= 12 && !out.has(l)) out.set(l, squash(value));
  };
  $('tr').each((_, tr) => {
    const cells = $(tr).children('th, td').toArray();
    for (let i = 0; i + 1 < cells.length; i += 2) put($(cells[i]).text(), $(cells[i + 1]).text());
  });
  $('dt').each((_, dt) => put($(dt).text(), $(dt).next('dd').text()));
  $('p, li, span, div, label').each((_, el) => {
    if ($(el).children('p, div, li, table').length > 0) return;
    const m = /^\s*([\u4e00-\u9fa5]{2,8})\s*[：:]\s*([\s\S]*)$/.exec($(el).text());
    if (m) put(m[1], m[2]);
  });
  return out;
}

/** The value of the first label matching the pattern. */
export function labelled(values: Map<string, string>, pattern: RegExp): string | undefined {
  for (const [label, value] of values) if (pattern.test(label)) return value;
  return undefined;
}
