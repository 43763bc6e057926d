import type { ShapeId } from '../src/config/schema.js';
import type { FetchResult } from '../src/fetch/types.js';
import type { ShapeModule } from './types.js';
import { s1Trs } from './s1-trs.js';
import { s2TrsPageDiv } from './s2-trs-pagediv.js';
import { s3HanwebJpage } from './s3-hanweb-jpage.js';
import { s7JspIList } from './s7-jsp-ilist.js';
import { s5Gkmlpt } from './s5-gkmlpt.js';
import { s6StaticList } from './s6-static-list.js';

/** Every shape a page module reads; `browser` is a way of fetching, not a module. */
export type StaticShapeId = Exclude<ShapeId, 'browser'>;

/** One module per static shape of `SHAPES`: a shape added to the config schema without a module does not compile. */
export const SHAPES_BY_ID = {
  S1: s1Trs,
  S2: s2TrsPageDiv,
  S3: s3HanwebJpage,
  S5: s5Gkmlpt,
  S6: s6StaticList,
  S7: s7JspIList,
} as const satisfies Record<StaticShapeId, ShapeModule>;

/**
 * Detection order (most specific first): S5 (gkmlpt `_CONFIG` / API JSON) is recognised by content; S3's
 * jpage/datastore before the TRS pagers (S2's `page_div` call before S1's plain one); S7's `iList.jsp`;
 * the generic static list (S6) is the fallback and goes last.
 */
export const DETECTION_ORDER: readonly StaticShapeId[] = ['S5', 'S3', 'S2', 'S1', 'S7', 'S6'];

/** Every static shape module, in detection order. */
export const SHAPE_MODULES: readonly ShapeModule[] = DETECTION_ORDER.map((id) => SHAPES_BY_ID[id]);

export function shapeById(id: StaticShapeId): ShapeModule {
  return SHAPES_BY_ID[id];
}

/** The first module that recognises the page, if any. */
export function detectShape(page: FetchResult): ShapeModule | undefined {
  return SHAPE_MODULES.find((m) => m.detect(page));
}
