import { loadHtml } from '../html.js';
import type { FetchRequest } from '../../src/fetch/types.js';
import type { LetterRow, MailboxShape } from './types.js';
import { headerOf, letterRow } from './letter-table.js';
import { labelledLetter } from './letter-page.js';
import { withQuery } from './urls.js';

/**
 * M8: a `table tr` list (编号 / 标题 / 类型 / 时间 / 单位 / 回复状态) paged by `?page=N` with `共N页`;
 * the letter page has labelled rows, and the reply rows are missing until the letter is answered.
 */
export const m8: MailboxShape = {
  id: 'M8',
  version: 1,
  firstRequest: (config) => ({ url: config.url }),

  list(page, ctx) {
    const $ = loadHtml(page.text ?? '');
    const rows: LetterRow[] = [];
    let header = null;
    for (const tr of $('table tr').toArray()) {
      header = headerOf($, tr) ?? header;
      if (!header) continue;
      const row = letterRow($, tr, page.finalUrl, header);
      if (row) rows.push(row);
    }
    const text = $('body').text();
    const pages = Number(/共\s*(\d+)\s*页/.exec(text)?.[1] ?? /totalPage\s*[=:]\s*["']?(\d+)/i.exec(page.text ?? '')?.[1] ?? 1);
    const total = /共\s*(\d+)\s*条/.exec(text)?.[1];
    const next: FetchRequest[] = [];
    if (ctx.pageIndex === 0) {
      const param = ctx.config.shape === 'M8' ? ctx.config.pageParam : 'page';
      for (let p = 2; p <= pages; p++) next.push({ url: withQuery(ctx.config.url, { [param]: String(p) }) });
    }
    return { rows, next, ...(total === undefined ? {} : { statedTotal: Number(total) }) };
  },

  detail(page) {
    return labelledLetter(loadHtml(page.text ?? ''));
  },
};
