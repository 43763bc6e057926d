import { loadHtml, squash } from '../html.js';
import type { LetterReply, MailboxShape } from './types.js';
import { headerOf, letterRow } from './letter-table.js';
import { labelledLetter } from './letter-page.js';
import { parseDateTime } from './words.js';
import { queryPagedList } from './query-paged.js';

// `区教育局(2021-02-10 11:31:10)：您好……` — the reply begins with the replying unit and its time.
const REPLY_RE = /^\s*([^\s（(：:]{2,40})\s*[（(]\s*(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*[)）]\s*[：:]\s*([\s\S]*)$/;

/**
 * M1: a table of letters without dates (title, writer, handling unit, status, type), `?page=N`,
 * the total in `var iRecCount`; submission time and the reply, which starts with the unit and its
 * time, only on the letter page.
 */
export const m1: MailboxShape = {
  id: 'M1',
  version: 3,
  firstRequest: (config) => ({ url: config.url }),

  list(page, ctx) {
    const $ = loadHtml(page.text ?? '');
    const rows = [];
    let header = null;
    for (const tr of $('tr').toArray()) {
      header = headerOf($, tr) ?? header;
      const row = letterRow($, tr, page.finalUrl, header);
      if (row) rows.push(row);
    }
    // `var iRecCount = N; var iPageSize = M;` (else the rows on this page are the page size), `?page=N`.
    return queryPagedList(page, rows, ctx.config.url, ctx.config.shape === 'M1' ? ctx.config.pageParam : 'page');
  },

  detail(page) {
    const $ = loadHtml(page.text ?? '');
    let reply: LetterReply | null = null;
    $('p, div, td, dd, span').each((_, el) => {
      if (reply || $(el).find('p, div, td, table').length > 0) return;
      const m = REPLY_RE.exec($(el).text());
      if (m) reply = { by: m[1], at: parseDateTime(m[2]), text: squash(m[3]) };
    });
    return labelledLetter($, reply);
  },
};
