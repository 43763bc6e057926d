/**
 * The assessment form's machine-readable side, shared by the writer (reports/assessment-form.ts) and
 * the importer: column H (hidden) names what each row holds, column F holds the values.
 */
export const VALUE_COLUMN = 'F';
export const KEY_COLUMN = 'H';
export const UNIT_MARK = 'zwgk:unit:';
export const SCHEME_MARK = 'zwgk:scheme:';

export type FieldKey =
  | { field: 'met'; item: number; id: string }
  | { field: 'count' | 'points' | 'reason' | 'evidence'; item: number };

export function fieldKey(k: FieldKey): string {
  return k.field === 'met' ? `zwgk:met:${k.item}:${k.id}` : `zwgk:${k.field}:${k.item}`;
}

export function parseFieldKey(s: string): FieldKey | null {
  const met = /^zwgk:met:(\d+):(.+)$/.exec(s);
  if (met) return { field: 'met', item: Number(met[1]), id: met[2] };
  const other = /^zwgk:(count|points|reason|evidence):(\d+)$/.exec(s);
  if (other) return { field: other[1] as 'count' | 'points' | 'reason' | 'evidence', item: Number(other[2]) };
  return null;
}

/** H3: when the form was exported (ISO instant). */
export const EXPORTED_MARK = 'zwgk:exported:';

/**
 * On an item's own row: the id of the entry the form was filled from (0: none). An import refuses an item
 * whose entry changed after the export (an old form must not silently undo newer entries).
 */
export function versionKey(item: number, entryId: number): string {
  return `zwgk:version:${item}:${entryId}`;
}

export function parseVersionKey(s: string): { item: number; entryId: number } | null {
  const m = /^zwgk:version:(\d+):(\d+)$/.exec(s);
  return m ? { item: Number(m[1]), entryId: Number(m[2]) } : null;
}

export const YES = '是';
export const NO = '否';
