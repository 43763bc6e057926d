import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOuterHTML } from 'domutils';
import { parseRegions, sliceElements } from '../crawlers/html.js';
import { FIXTURES } from './helpers.js';

const U_LIST = /\bclass\s*=\s*(?:"[^"]*\bu-list\b[^"]*"|'[^']*\bu-list\b[^']*'|u-list\b)/i;
const isUList = (name: string, attribs: Record<string, string>) => name === 'ul' && /(?:^|\s)u-list(?:$|\s)/.test(attribs.class ?? '');

/** The lists as parsing the whole page builds them, and as parsing only the sliced elements does: they must be the same. */
function both(html: string): [string, string] {
  return [getOuterHTML(parseRegions(html, isUList).children), getOuterHTML(parseRegions(sliceElements(html, 'ul', U_LIST), isUList).children)];
}

describe('sliceElements', () => {
  it.each([
    ['nested related-reading lists and two lists', `<div><ul class="nav"><li>菜单</li></ul>
<ul class="u-list"><li><a href="1.html">一</a><ul class="rel"><li><a href="j.html">解读</a></li></ul><span>2026/11/02</span></li></ul>
<p>中间</p><UL CLASS="list u-list"><li><a href="2.html">二</a><span>2026/10/02</span></li></UL></div>`],
    ['an unclosed list that runs to the end', '<ul class=u-list><li><a href="1.html">一</a><span>2026/11/02</span></li><li><a href="2.html">二</a>'],
    ['single quotes and attributes around the class', `<ul id='l' class='u-list clearfix' data-x="<ul>"><li><a href="1.html">一</a></li></ul><ul class="u-listing"><li>x</li></ul>`],
    ['no list at all', '<div class="u-list"><ul><li>not a u-list</li></ul></div>'],
  ])('builds the same elements as the whole page: %s', (_, html) => {
    const [whole, sliced] = both(html);
    expect(sliced).toBe(whole);
  });

  it.each(['s1/index.html', 's1/index_1.html', 'quirks/blank-notice/index.html'])('reads fixture %s the same', (file) => {
    const [whole, sliced] = both(readFileSync(join(FIXTURES, 'pages', file), 'utf8'));
    expect(sliced).toBe(whole);
    expect(whole.length).toBeGreaterThan(0);
  });
});
