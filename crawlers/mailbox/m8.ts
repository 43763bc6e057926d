import { loadHtml } from '../html.js';
import type { LetterRow, MailboxShape } from './types.js';
import { headerOf, letterRow } from './letter-table.js';
import { labelledLetter } from './letter-page.js';
import { queryPagedList } from './query-paged.js';

/**
 * M8: a `table tr` list (编号 / 标题 / 类型 / 时间 / 单位 / 回复状态) paged by `?page=N` (`共N页`, `第i/N页`);
 * the letter page has labelled rows, and the reply rows are missing until the letter is answered.
 */
export const m8: MailboxShape = {
  id: 'M8',
  version: 3,
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
    // `共N条 第i/N页`, `共N页`, `totalPage`, 下一页/尾页 links; pages are `?page=N` on the mailbox address.
    return queryPagedList(page, rows, ctx.config.url, ctx.config.shape === 'M8' ? ctx.config.pageParam : 'page');
  },

  detail(page) {
    return labelledLetter(loadHtml(page.text ?? ''));
  },
};
