import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHAPE_MODULES, detectShape } from '../crawlers/index.js';
import type { FetchResult } from '../src/fetch/types.js';
import { FIXTURES } from './helpers.js';
import { JPAGE_COLUMNS, jpageRecord } from './jpage-fixture.js';

function fetched(url: string, text: string): FetchResult {
  return { request: { url }, outcome: 'ok', finalUrl: url, status: 200, text, unchanged: false, redirects: [], elapsedMs: 0, attempts: 1 };
}

function page(rel: string, url = `http://127.0.0.1/${rel}`): FetchResult {
  return fetched(url, readFileSync(join(FIXTURES, 'pages', rel), 'utf8'));
}

const proxyReply = `<?xml version="1.0" encoding="UTF-8"?>\n<datastore><totalrecord>38</totalrecord><recordset>`
  + `<record><![CDATA[${jpageRecord(JPAGE_COLUMNS[0], 16)}]]></record></recordset></datastore>`;

const CASES: [string, FetchResult, string][] = [
  ['S1 u-list with createPageHTML(total, current, …)', page('s1/index.html'), 'S1'],
  ['S2 pageList with createPageHTML(\'page_div\', …)', page('s2/zwdt/dezlist.shtml'), 'S2'],
  ['S2 last page', page('s2/zwdt/dezlist_3.shtml'), 'S2'],
  ['S3 jpage column with inline datastore', page('s3/col/col4821/index.html'), 'S3'],
  ['S3 jpage column with a nextgroup link', page('s3/col/col4822/index.html'), 'S3'],
  ['S3 dataproxy.jsp XML reply', fetched('http://127.0.0.1/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5', proxyReply), 'S3'],
  ['S7 iList.jsp list', page('s7/ilist-12-1.html', 'http://127.0.0.1/s7/iList.jsp?cat_id=12'), 'S7'],
  ['S7 list with the date before the link', page('s7/ilist-15-1.html', 'http://127.0.0.1/s7/iList.jsp?cat_id=15'), 'S7'],
  ['S7 iIndex.jsp frame page', page('s7/iIndex.jsp', 'http://127.0.0.1/s7/iIndex.jsp?cat_id=12'), 'S7'],
];

describe('shape detection when the config names no shape', () => {
  it.each(CASES)('%s', (_, result, expected) => {
    expect(detectShape(result)?.id).toBe(expected);
    // No other of these specific modules claims the page, whatever the order.
    const claimants = SHAPE_MODULES.filter((m) => ['S1', 'S2', 'S3', 'S7'].includes(m.id) && m.detect(result)).map((m) => m.id);
    expect(claimants).toEqual([expected]);
  });

  it('recognises no list shape on a page without one', () => {
    const plain = fetched('http://127.0.0.1/about.html', '<html><body><h1>机构概况</h1><p>某某镇位于……</p></body></html>');
    const claimants = SHAPE_MODULES.filter((m) => ['S1', 'S2', 'S3', 'S7'].includes(m.id) && m.detect(plain));
    expect(claimants).toEqual([]);
  });
});
