import type { FetchResult } from '../../src/fetch/types.js';
import { followingPages, queryPageRule, readPager, statedPageCount } from '../pager.js';
import type { LetterListPage, LetterRow } from './types.js';

/**
 * A letter table paged by `?param=N` on the mailbox address (M1, M8): its rows with what the pager says
 * (`共N条 第i/N页`, `共N页`, `iRecCount`/`totalPage`, 下一页/尾页 links) and the following pages.
 */
export function queryPagedList(page: FetchResult, rows: LetterRow[], mailboxUrl: string, param: string): LetterListPage {
  const pager = readPager(page.text ?? '', page.finalUrl, queryPageRule(mailboxUrl, param));
  const statedTotal = pager.statedRecords;
  const statedPages = statedPageCount(pager, rows.length);
  return {
    rows, next: followingPages(pager, rows.length),
    ...(statedTotal === undefined ? {} : { statedTotal }), ...(statedPages === undefined ? {} : { statedPages }),
  };
}
