import { Parser } from 'htmlparser2';

/**
 * What a pager says in words, numbers and script variables: `共N页`, `第i/N页`, `页次：i/N`, `共N条 每页M条`,
 * `totalPage = N`, and both TRS `createPageHTML` forms. Pure string reading; links are read in `pager.ts`.
 */

/**
 * Most pages a stated count is believed to: a pager claiming more (a typo, a bomb) is read as this many.
 * Far above any walker's page cap, so it never decides how much is read; it only bounds what is allocated.
 */
export const MAX_PAGER_PAGES = 1000;

/** Clamps a stated page count before anything is allocated for it. */
export function clampPages(pages: number): number {
  return Number.isFinite(pages) && pages > 0 ? Math.min(Math.floor(pages), MAX_PAGER_PAGES) : pages > 0 ? MAX_PAGER_PAGES : 0;
}

/** Pages needed for `records` at `perPage` a page (as stated, not clamped); undefined without a usable size. */
export function pagesForRecords(records: number | undefined, perPage: number | undefined): number | undefined {
  if (records === undefined || perPage === undefined || !(perPage > 0) || !(records >= 0)) return undefined;
  return Math.ceil(records / perPage);
}

/** A number as the page states it, saturating at MAX_SAFE_INTEGER (a 30-digit count stays a huge number). */
export function statedNumber(digits: string): number {
  return digits.length > 15 ? Number.MAX_SAFE_INTEGER : Number(digits);
}

/** A `createPageHTML` call: the 4-argument TRS form (0-based current page) or the 6-argument `page_div` form (1-based). */
export interface CreatePageCall {
  form: 'trs' | 'page-div';
  /** Page count as stated. */
  pages: number;
  /** The current page, 1-based whatever the form. */
  current: number;
  name: string;
  ext: string;
  /** The record count (page_div's sixth argument). */
  records?: number;
}

/** What the words and scripts of a pager state; every count as stated. */
export interface PagerStatement {
  pages?: number;
  /** 1-based. */
  current?: number;
  records?: number;
  perPage?: number;
  createPage?: CreatePageCall;
}

/** A number argument: a literal (possibly quoted) or a variable assigned a number elsewhere in the scripts. */
const ARG = String.raw`(?:["']?(\d+)["']?|([A-Za-z_$][\w$]*))`;
const STR = String.raw`["']([\w-]+)["']`;
const TRS_CALL = new RegExp(String.raw`createPageHTML\(\s*${ARG}\s*,\s*${ARG}\s*,\s*${STR}\s*,\s*${STR}\s*\)`);
const PAGE_DIV_CALL = new RegExp(String.raw`createPageHTML\(\s*${STR}\s*,\s*${ARG}\s*,\s*${ARG}\s*,\s*${STR}\s*,\s*${STR}\s*(?:,\s*${ARG}\s*)?\)`);

/** Whether the text calls `createPageHTML` in the given form (for shape detection). */
export function callsCreatePage(text: string, form: CreatePageCall['form']): boolean {
  return (form === 'trs' ? TRS_CALL : PAGE_DIV_CALL).test(text);
}

/** Script variable names, each a separate declaration or object key (never part of a URL: `?curPage=2`). */
const VAR = (names: string) => new RegExp(String.raw`(?<![?&\w$])["']?(?:${names})["']?\s*[:=]\s*["']?(\d+)`, 'i');
const PAGES_VAR = VAR('totalPages?|pageCount|pageTotal|countPage|totalPageCount|page_count|total_page');
const CURRENT_VAR = VAR('currentPage|curPage|currPage|iCurrPage|nowPage|current_page');
const RECORDS_VAR = VAR('iRecCount|recordCount|totalRecords?|totalCount|recordTotal|total_count|totalRows');
const PER_PAGE_VAR = VAR('iPageSize|pageSize|perPage|page_size|rowsPerPage');
const PAGES_TAG = /<total_?pages?>\s*(\d+)\s*</i;

const PAGES_WORDS = [/共\s*有?\s*(\d+)\s*页/, /总页数\s*[:：]?\s*(\d+)/];
const CURRENT_WORDS = [/第\s*(\d+)\s*页/, /当前\s*第?\s*(\d+)\s*页/, /当前页\s*[:：]?\s*(\d+)/];
const RECORDS_WORDS = [/共\s*有?\s*(\d+)\s*条/, /总(?:记录数|条数)\s*[:：]?\s*(\d+)/, /(?<!\d)(\d+)\s*条记录/];
const PER_PAGE_WORDS = [/每页\s*(?:显示)?\s*(\d+)\s*条/, /(?<!\d)(\d+)\s*条\s*\/\s*页/];
/**
 * `i/N` only where a page word says it is a page (`第2/5页`, `页次：2/5`, `Page 2/5`, `2/5页`); never a
 * date (`2026/11/20`, `11/20`): no digit, slash, dot or dash may touch the pair.
 */
const PAGE_OF_WORDS = [
  /第\s*(\d+)\s*\/\s*(\d+)\s*页/,
  /(?:页次|页码|当前页|分页|\bpages?\b)\s*[:：]?\s*(\d+)\s*\/\s*(\d+)(?!\s*[\d/.\-])/i,
  /(?<![\d/.\-:：])(\d+)\s*\/\s*(\d+)\s*页(?!面)/,
];
/** A pager element whose whole text is `i/N` (`<span>2/5</span>` inside a pager block). */
const BARE_PAGE_OF = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

function first(res: RegExp[], text: string): number | undefined {
  for (const re of res) {
    const m = re.exec(text);
    if (m) return statedNumber(m[1]);
  }
  return undefined;
}

/** `i/N` from page words, or from a bare pager element's text when `bare` is set; i must lie in 1…N. */
export function pageOf(text: string, bare = false): { current: number; pages: number } | undefined {
  for (const re of bare ? [BARE_PAGE_OF] : PAGE_OF_WORDS) {
    const m = re.exec(text);
    if (!m) continue;
    const current = statedNumber(m[1]);
    const pages = statedNumber(m[2]);
    if (current >= 1 && current <= pages) return { current, pages };
  }
  return undefined;
}

/**
 * The scripts' text (`<script>` bodies, where pager variables and `createPageHTML` calls live) and the
 * visible text (everything else but styles), in one linear pass of the HTML parser: regular expressions
 * over tags would be quadratic on hostile markup (thousands of unclosed `<script`).
 */
export function pageTexts(html: string): { scripts: string; visible: string } {
  const scripts: string[] = [];
  const visible: string[] = [];
  let inScript = 0;
  let inStyle = 0;
  let inChoice = 0;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'script') inScript++;
      else if (name === 'style') inStyle++;
      else if (isChoice(name, attribs)) inChoice++;
      else visible.push(' ');
    },
    onclosetag(name) {
      if (name === 'script') inScript = Math.max(0, inScript - 1);
      else if (name === 'style') inStyle = Math.max(0, inStyle - 1);
      else if (name === 'option') inChoice = 0;
      else visible.push(' ');
    },
    ontext(data) {
      if (inScript > 0) scripts.push(data);
      else if (inStyle === 0 && inChoice === 0) visible.push(data);
    },
  }, { decodeEntities: true });
  parser.end(html);
  return { scripts: scripts.join(''), visible: visible.join('').replace(/\u00a0/g, ' ') };
}

/**
 * An option of a selector that is not the selected one (`<option value="10">10条/页</option>` beside the
 * selected `20条/页`): a choice the page offers, not what it states.
 */
export function isChoice(name: string, attribs: Record<string, string>): boolean {
  return name === 'option' && attribs.selected === undefined;
}

/** The `createPageHTML` call in the scripts (or the raw page), either form, arguments resolved. */
export function createPageCall(scripts: string): CreatePageCall | undefined {
  const num = (literal: string | undefined, name: string | undefined): number | undefined => {
    if (literal !== undefined) return statedNumber(literal);
    if (name === undefined) return undefined;
    const escaped = name.replace(/\$/g, '\\$');
    const m = new RegExp(String.raw`(?<![\w$.])${escaped}\s*=\s*["']?(\d+)`).exec(scripts);
    return m ? statedNumber(m[1]) : undefined;
  };
  const div = PAGE_DIV_CALL.exec(scripts);
  if (div) {
    const pages = num(div[2], div[3]);
    const current = num(div[4], div[5]);
    const records = num(div[8], div[9]);
    if (pages !== undefined && current !== undefined) {
      return { form: 'page-div', pages, current: Math.max(1, current), name: div[6], ext: div[7], ...(records !== undefined ? { records } : {}) };
    }
  }
  const trs = TRS_CALL.exec(scripts);
  if (trs) {
    const pages = num(trs[1], trs[2]);
    const current = num(trs[3], trs[4]);
    if (pages !== undefined && current !== undefined) return { form: 'trs', pages, current: current + 1, name: trs[5], ext: trs[6] };
  }
  return undefined;
}

/**
 * What the pager states. `pagerText` is the text of the page's pager blocks, read first; `pageText` the
 * whole visible text, read for what the pager blocks do not say; `bareTexts` the whole texts of small
 * elements inside pager blocks (for a bare `i/N`).
 */
export function readStatement(scripts: string, raw: string, pagerText: string, pageText: string, bareTexts: string[]): PagerStatement {
  const s: PagerStatement = {};
  const call = createPageCall(scripts);
  if (call) {
    s.createPage = call;
    s.pages = call.pages;
    s.current = call.current;
    if (call.records !== undefined) s.records = call.records;
  }
  const scriptNumber = (re: RegExp) => {
    const m = re.exec(scripts);
    return m ? statedNumber(m[1]) : undefined;
  };
  const tag = PAGES_TAG.exec(raw);
  s.pages ??= scriptNumber(PAGES_VAR) ?? (tag ? statedNumber(tag[1]) : undefined);
  s.current ??= scriptNumber(CURRENT_VAR);
  s.records ??= scriptNumber(RECORDS_VAR);
  s.perPage ??= scriptNumber(PER_PAGE_VAR);
  for (const text of [pagerText, pageText]) {
    const of = pageOf(text);
    s.pages ??= first(PAGES_WORDS, text) ?? of?.pages;
    s.current ??= of?.current ?? first(CURRENT_WORDS, text);
    s.records ??= first(RECORDS_WORDS, text);
    s.perPage ??= first(PER_PAGE_WORDS, text);
  }
  for (const text of bareTexts) {
    const of = pageOf(text, true);
    if (!of) continue;
    s.pages ??= of.pages;
    s.current ??= of.current;
  }
  if (s.current !== undefined && s.current < 1) delete s.current;
  return s;
}
