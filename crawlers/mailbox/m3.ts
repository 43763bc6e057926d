import { loadHtml } from '../html.js';
import type { FetchRequest } from '../../src/fetch/types.js';
import type { MailboxConfig } from '../../src/config/mailbox-schema.js';
import type { LetterRow, MailboxShape } from './types.js';
import { letterRow } from './letter-table.js';
import { labelledLetter } from './letter-page.js';
import { withQuery } from './urls.js';
import { clampPages, pagesForRecords } from '../pager.js';

function perPageOf(config: MailboxConfig): number {
  return config.shape === 'M3' ? config.perPage : 20;
}

function rangeRequest(config: MailboxConfig, start: number, end: number): FetchRequest {
  const perPage = perPageOf(config);
  return {
    url: withQuery(config.url, { startrecord: String(start), endrecord: String(end), perpage: String(perPage) }),
    method: 'POST',
    form: config.shape === 'M3' ? config.form : {},
  };
}

/**
 * M3: Hanweb JACT. Letters come from POSTs to `dataproxy_mailnewlist.action?startrecord=&endrecord=&perpage=`,
 * answered with XML whose `<record>`s hold one row each (办件编号, title link, 处理情况, 提交时间, 提交部门)
 * and `<totalrecord>`; the reply (答复内容 / 答复人 / 答复时间) only on the letter page.
 */
export const m3: MailboxShape = {
  id: 'M3',
  version: 2,
  firstRequest: (config) => rangeRequest(config, 1, perPageOf(config)),

  list(page, ctx) {
    const xml = page.text ?? '';
    const rows: LetterRow[] = [];
    for (const m of xml.matchAll(/<record>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([\s\S]*?))\s*<\/record>/g)) {
      const $ = loadHtml(`<table>${m[1] ?? m[2]}</table>`);
      const row = $('tr').first();
      const item = row.length ? letterRow($, row[0], page.finalUrl, null) : letterRow($, $('table')[0], page.finalUrl, null);
      if (item) rows.push(item);
    }
    const total = /<totalrecord>\s*(\d+)\s*<\/totalrecord>/i.exec(xml)?.[1];
    const statedTotal = total === undefined ? undefined : Number(total);
    // Record ranges, one page each: the pages after the one asked for, up to the (clamped) stated count.
    const perPage = perPageOf(ctx.config);
    const statedPages = pagesForRecords(statedTotal, perPage);
    const start = Number(new URL(page.request.url).searchParams.get('startrecord')) || 1;
    const next: FetchRequest[] = [];
    if (statedTotal !== undefined && statedPages !== undefined) {
      for (let n = Math.floor((start - 1) / perPage) + 2, last = clampPages(statedPages); n <= last; n++) {
        next.push(rangeRequest(ctx.config, (n - 1) * perPage + 1, Math.min(n * perPage, statedTotal)));
      }
    }
    return { rows, next, ...(statedTotal === undefined ? {} : { statedTotal, statedPages }) };
  },

  detail(page) {
    return labelledLetter(loadHtml(page.text ?? ''));
  },
};
