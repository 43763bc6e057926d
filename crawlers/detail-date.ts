import { loadHtml } from './html.js';
import { parseDateText } from '../src/time/parse-date.js';

const LABEL_RE = /(?:信息提供日期|发布日期|发布时间|成文日期|日期)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})/;

/**
 * The publish date of a detail page: a labelled date in the text (信息提供日期：…, 发布时间：…) wins,
 * then `<meta name="PubDate">` and similar (these are sometimes page-generation times, so they come last).
 */
export function detailDate(html: string, today: string): string | null {
  const $ = loadHtml(html);
  const labelled = LABEL_RE.exec($('body').text());
  if (labelled) return parseDateText(labelled[1], today);
  for (const name of ['PubDate', 'pubdate', 'publishdate', 'firstpublishedtime', 'ArticlePubDate']) {
    const content = $(`meta[name="${name}"]`).attr('content');
    const date = content ? parseDateText(content, today) : null;
    if (date) return date;
  }
  return null;
}
