import { loadHtml, squash } from '../html.js';
import { assignedLiteral, parseJsLiteral } from '../js-literal.js';
import type { FetchRequest } from '../../src/fetch/types.js';
import type { MailboxConfig } from '../../src/config/mailbox-schema.js';
import type { LetterRow, MailboxShape } from './types.js';
import { labelledLetter } from './letter-page.js';
import { epochDateTime, parseDateTime } from './words.js';
import { withQuery } from './urls.js';
import { clampPages, pagesForRecords } from '../pager.js';

type Json = Record<string, unknown>;

const FIELDS = {
  id: ['letterId', 'id', 'letterID', 'guid', 'uuid'],
  code: ['letterCode', 'letterNo', 'code', 'serialNo'],
  title: ['letterTitle', 'title', 'subject'],
  submitted: ['writeDate', 'createDate', 'submitTime', 'createTime', 'addTime'],
  type: ['letterTypeName', 'typeName', 'letterType'],
  handler: ['showOrgNames', 'orgName', 'deptName', 'handleOrgName'],
  status: ['replyStatusName', 'statusName', 'replyStatus', 'status', 'state'],
  satisfaction: ['satisfactionName', 'evaluateName', 'satisfaction'],
  total: ['total', 'totalCount', 'totalRecord', 'totalElements', 'count', 'records'],
  pages: ['pages', 'totalPage', 'totalPages', 'pageCount', 'pageTotal'],
  pageSize: ['pageSize', 'size', 'limit', 'perPage'],
};

function pick(obj: Json, keys: string[]): unknown {
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null && obj[k] !== '') return obj[k];
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return squash(value) || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The list body: JSON, a bare JS object literal, or a script assigning one (`var data = {total:3, list:[…]}`). */
function parseBody(body: string): unknown {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      try {
        return parseJsLiteral(trimmed);
      } catch {
        return undefined;
      }
    }
  }
  const name = /(?:var|let|const|window\.)?\s*([\w$.]+)\s*=\s*[{[]/.exec(trimmed)?.[1];
  return name ? assignedLiteral(trimmed, name) : undefined;
}

/** The first array (depth-first) whose elements are objects with a title field, and the object holding it. */
function findLetters(node: unknown, parent: Json | undefined = undefined): { letters: Json[]; holder: Json | undefined } | undefined {
  if (Array.isArray(node)) {
    if (node.some((x) => x && typeof x === 'object' && pick(x as Json, FIELDS.title) !== undefined)) {
      return { letters: node.filter((x): x is Json => Boolean(x) && typeof x === 'object'), holder: parent };
    }
    for (const x of node) {
      const found = findLetters(x, parent);
      if (found) return found;
    }
    return undefined;
  }
  if (node && typeof node === 'object') {
    for (const value of Object.values(node as Json)) {
      const found = findLetters(value, node as Json);
      if (found) return found;
    }
  }
  return undefined;
}

/** A count the list states (`total`, `pages`, `pageSize` …), in the object holding the letters or at the top. */
function countOf(root: unknown, holder: Json | undefined, keys: string[]): number | undefined {
  for (const obj of [holder, root]) {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) continue;
    const t = Number(pick(obj as Json, keys));
    if (Number.isInteger(t) && t >= 0) return t;
  }
  return undefined;
}

function pageRequest(config: MailboxConfig, page: number): FetchRequest {
  if (config.shape !== 'M4') return { url: config.url };
  return { url: withQuery(config.url, { [config.pageParam]: String(page), [config.pageSizeParam]: String(config.pageSize) }) };
}

function dateTime(value: unknown): string | undefined {
  if (typeof value === 'number') return epochDateTime(value) ?? undefined;
  if (typeof value === 'string' && /^\d{10,13}$/.test(value.trim())) return epochDateTime(Number(value)) ?? undefined;
  return parseDateTime(text(value)) ?? undefined;
}

/**
 * The list's page count: as stated (`pages`), else its total over its page size — the size the answer
 * states, else the rows a first page holds when fewer than asked for while the total says there are more
 * (a server that keeps its own size), else the size asked for.
 */
function pageCount(root: unknown, holder: Json | undefined, total: number | undefined, rows: number, current: number, asked: number): number | undefined {
  const pages = countOf(root, holder, FIELDS.pages);
  if (pages !== undefined) return pages;
  const served = current === 1 && rows > 0 && rows < asked && total !== undefined && total > rows ? rows : undefined;
  const size = countOf(root, holder, FIELDS.pageSize) || served || asked;
  return pagesForRecords(total, size);
}

/**
 * M4: a JSON list (`letterTitle, writeDate, letterTypeName 咨询/建议/投诉, showOrgNames`), sometimes
 * a JS object literal with unquoted keys; the reply date only on the letter page (`答复时间：YYYY-MM-DD`),
 * whose address the config gives as a template with `{id}`.
 */
export const m4: MailboxShape = {
  id: 'M4',
  version: 3,
  firstRequest: (config) => pageRequest(config, config.shape === 'M4' ? config.firstPage : 1),

  list(page, ctx) {
    const root = parseBody(page.text ?? '');
    const found = findLetters(root);
    const rows: LetterRow[] = [];
    const config = ctx.config;
    for (const l of found?.letters ?? []) {
      const title = text(pick(l, FIELDS.title));
      if (!title) continue;
      const id = text(pick(l, FIELDS.id));
      const code = text(pick(l, FIELDS.code));
      const detailUrl = id && config.shape === 'M4' ? config.detailUrl.replaceAll('{id}', encodeURIComponent(id)) : null;
      const submittedAt = dateTime(pick(l, FIELDS.submitted));
      const handler = text(pick(l, FIELDS.handler));
      const statusShown = text(pick(l, FIELDS.status));
      const typeShown = text(pick(l, FIELDS.type));
      const satisfactionShown = text(pick(l, FIELDS.satisfaction));
      rows.push({
        key: code ?? (id ? `id:${id}` : `${title}\0${submittedAt ?? ''}`), title, detail: detailUrl ? { url: detailUrl } : null,
        ...(code ? { code } : {}), ...(handler ? { handler } : {}), ...(statusShown ? { statusShown } : {}),
        ...(typeShown ? { typeShown } : {}), ...(submittedAt ? { submittedAt } : {}),
        ...(satisfactionShown ? { satisfactionShown } : {}),
      });
    }
    const statedTotal = countOf(root, found?.holder, FIELDS.total);
    const next: FetchRequest[] = [];
    const asked = config.shape === 'M4' ? Number(new URL(page.request.url).searchParams.get(config.pageParam)) : NaN;
    const current = config.shape === 'M4' && Number.isInteger(asked) && asked >= config.firstPage ? asked - config.firstPage + 1 : 1;
    const statedPages = config.shape === 'M4' ? pageCount(root, found?.holder, statedTotal, rows.length, current, config.pageSize) : undefined;
    if (statedPages !== undefined && config.shape === 'M4') {
      // Page numbers count from `firstPage`; the pages after the one asked for, up to the (clamped) stated count.
      for (let n = current + 1, last = clampPages(statedPages); n <= last; n++) next.push(pageRequest(config, config.firstPage + n - 1));
    }
    return { rows, next, ...(statedTotal === undefined ? {} : { statedTotal }), ...(statedPages === undefined ? {} : { statedPages }) };
  },

  detail(page) {
    return labelledLetter(loadHtml(page.text ?? ''));
  },
};
