import type { ShapeId } from '../src/config/schema.js';
import type { FetchResult } from '../src/fetch/types.js';
import type { ShapeModule } from './types.js';
import { s1Trs } from './s1-trs.js';

/** Every static shape module, in detection order (most specific first). */
export const SHAPE_MODULES: ShapeModule[] = [s1Trs];

export function shapeById(id: ShapeId): ShapeModule | undefined {
  return SHAPE_MODULES.find((m) => m.id === id);
}

/** The first module that recognises the page, if any. */
export function detectShape(page: FetchResult): ShapeModule | undefined {
  return SHAPE_MODULES.find((m) => m.detect(page));
}
