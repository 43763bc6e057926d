import { loadHtml, squash } from './html.js';
import { parseDateText } from '../src/time/parse-date.js';

const DATE = String.raw`(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})`;

/** Labels of the publish date, most specific first; a generic `日期` only when nothing better is there. */
const LABELS = ['信息提供日期', '发布日期', '发布时间', '公开日期', '公开时间', '发文日期', '成文日期', '日期'];
const LABEL_RES = LABELS.map((label) => new RegExp(`(?<!生成|更新|修改|打印)${label}\\s*[:：]?\\s*${DATE}`));

/** Meta tags that name a publish date. They are often page-generation times, so they only count without a label. */
const META_NAMES = ['PubDate', 'pubdate', 'publishdate', 'PublishDate', 'firstpublishedtime', 'ArticlePubDate'];

/**
 * The publish date of a detail page: a labelled date in the text (信息提供日期：…, 发布时间：…) wins,
 * then `<meta name="PubDate">` and similar.
 */
export function detailDate(html: string, today: string): string | null {
  const $ = loadHtml(html);
  $('script, style, noscript').remove();
  const text = squash($('body').text());
  for (const re of LABEL_RES) {
    const m = re.exec(text);
    const date = m ? parseDateText(m[1], today) : null;
    if (date) return date;
  }
  for (const name of META_NAMES) {
    const content = $(`meta[name="${name}"]`).attr('content');
    const date = content ? parseDateText(content, today) : null;
    if (date) return date;
  }
  const og = $('meta[property="article:published_time"]').attr('content');
  return og ? parseDateText(og, today) : null;
}
