import type { ShapeId } from '../src/config/schema.js';
import type { FetchResult } from '../src/fetch/types.js';
import type { ShapeModule } from './types.js';
import { s1Trs } from './s1-trs.js';
import { s2TrsPageDiv } from './s2-trs-pagediv.js';
import { s3HanwebJpage } from './s3-hanweb-jpage.js';
import { s7JspIList } from './s7-jsp-ilist.js';
import { s5Gkmlpt } from './s5-gkmlpt.js';
import { s6StaticList } from './s6-static-list.js';

/**
 * Every static shape module, in detection order (most specific first): S3's jpage/datastore before the
 * TRS pagers (S2's `page_div` call before S1's plain one), S7's `iList.jsp`; S5 (gkmlpt `_CONFIG` / API JSON) is recognised by content;
 * the generic static list (S6) is the fallback and goes last.
 */
export const SHAPE_MODULES: ShapeModule[] = [s5Gkmlpt, s3HanwebJpage, s2TrsPageDiv, s1Trs, s7JspIList, s6StaticList];

export function shapeById(id: ShapeId): ShapeModule | undefined {
  return SHAPE_MODULES.find((m) => m.id === id);
}

/** The first module that recognises the page, if any. */
export function detectShape(page: FetchResult): ShapeModule | undefined {
  return SHAPE_MODULES.find((m) => m.detect(page));
}
