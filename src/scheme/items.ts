import { z } from 'zod';
import { UNIT_TYPES } from '../config/schema.js';

/**
 * Item kinds an inspector scores by hand (everything but item 9), the bonus item and the deduction item.
 * Each item says which unit types it applies to and what it scores where it does not apply.
 */

const unitTypes = z.array(z.enum(UNIT_TYPES)).min(1);
const points = z.number().min(0);

/** `full`: a unit the item does not apply to gets its full marks; `rescale`: the item leaves the base and the base is rescaled to its maximum. */
export const NOT_APPLICABLE = ['full', 'rescale'] as const;
export type NotApplicable = (typeof NOT_APPLICABLE)[number];

/** The texts of the official form, the applicability and the not-applicable rule every item has. */
const itemFields = {
  no: z.number().int().positive(),
  name: z.string().min(1),
  /** 评分标准, 考核方式, 备注 as printed in the official form. */
  criteria: z.string().optional(),
  method: z.string().optional(),
  remark: z.string().optional(),
  /** Unit types the item applies to (default: all). */
  appliesTo: unitTypes.optional(),
  /** What a unit the item does not apply to scores; default: the scheme's `notApplicable`. */
  notApplicable: z.enum(NOT_APPLICABLE).optional(),
};

/** A criterion's points: one number for every unit type, or per unit type (a type left out: the criterion does not apply). */
const criterionPoints = z.union([points, z.partialRecord(z.enum(UNIT_TYPES), points)]);

export const criterionSchema = z.strictObject({
  /** Short name used on the command line (`--met 分管领导`) and in the form. */
  id: z.string().min(1).regex(/^[^,，\s]+$/, 'expected a name without spaces or commas'),
  text: z.string().min(1),
  points: criterionPoints,
});
export type Criterion = z.infer<typeof criterionSchema>;

const step = z.strictObject({ count: z.number().int().min(0), points });
const deductionStep = z.strictObject({ count: z.number().int().min(1), deduct: points });

/** The scoring rules of the manual kinds, without the item's texts (also the variants of `by-unit-type`). */
const checklistRule = {
  kind: z.literal('checklist'),
  /** Each criterion met earns its points. */
  checks: z.array(criterionSchema).min(1),
};
const countStepsRule = {
  kind: z.literal('count-steps'),
  /** What is counted, shown to the inspector (e.g. 开展“政务开放日”活动次数). */
  counts: z.string().min(1),
  /** A count earns the points of the highest step it reaches; below the lowest step it earns 0. */
  steps: z.array(step).min(1),
};
const deductionStepsRule = {
  kind: z.literal('deduction-steps'),
  counts: z.string().min(1),
  /** Start at `max`; a count loses the deduction of the highest step it reaches. */
  steps: z.array(deductionStep).min(1),
};
const judgedRule = {
  kind: z.literal('judged'),
  /** Smallest step an inspector may give (default 0.5). */
  step: z.number().positive().default(0.5),
};

/** A variant of a `by-unit-type` item: one rule for the unit types it lists. */
export const variantSchema = z.discriminatedUnion('kind', [
  z.strictObject({ appliesTo: unitTypes, ...checklistRule }),
  z.strictObject({ appliesTo: unitTypes, ...countStepsRule }),
  z.strictObject({ appliesTo: unitTypes, ...deductionStepsRule }),
  z.strictObject({ appliesTo: unitTypes, ...judgedRule }),
]);
export type Variant = z.infer<typeof variantSchema>;

const max = z.number().positive();

export const checklistItemSchema = z.strictObject({ ...itemFields, max, ...checklistRule });
export const countStepsItemSchema = z.strictObject({ ...itemFields, max, ...countStepsRule });
export const deductionStepsItemSchema = z.strictObject({ ...itemFields, max, ...deductionStepsRule });
export const judgedItemSchema = z.strictObject({ ...itemFields, max, ...judgedRule });

/** One item scored by different rules for different unit types (item 5: towns count events, departments are judged). */
export const byUnitTypeItemSchema = z.strictObject({
  ...itemFields,
  max,
  kind: z.literal('by-unit-type'),
  variants: z.array(variantSchema).min(1),
});

/** Deductions outside the 100 points: `perCount` for each counted event, no cap (item 12). */
export const perCountDeductionItemSchema = z.strictObject({
  ...itemFields,
  kind: z.literal('per-count-deduction'),
  counts: z.string().min(1),
  perCount: z.number().positive(),
});

const bonusPartFields = { id: criterionSchema.shape.id, text: z.string().min(1), points: z.number().positive() };

export const bonusPartSchema = z.discriminatedUnion('source', [
  /** Base total (the items inside the 100 points) at or above `threshold`. */
  z.strictObject({ ...bonusPartFields, source: z.literal('base-at-least'), threshold: z.number().min(0) }),
  /** Mailbox reply satisfaction rank among all units within `top`; ties share a rank (1, 2, 2, 4). */
  z.strictObject({ ...bonusPartFields, source: z.literal('satisfaction-rank'), top: z.number().int().positive() }),
  /** Recorded by an inspector (met or not). */
  z.strictObject({ ...bonusPartFields, source: z.literal('manual') }),
]);
export type BonusPart = z.infer<typeof bonusPartSchema>;

/** Bonus points outside the 100; `max` caps their sum (item 11). */
export const bonusItemSchema = z.strictObject({
  ...itemFields,
  kind: z.literal('bonus'),
  max,
  parts: z.array(bonusPartSchema).min(1),
});

export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type CountStepsItem = z.infer<typeof countStepsItemSchema>;
export type DeductionStepsItem = z.infer<typeof deductionStepsItemSchema>;
export type JudgedItem = z.infer<typeof judgedItemSchema>;
export type ByUnitTypeItem = z.infer<typeof byUnitTypeItemSchema>;
export type PerCountDeductionItem = z.infer<typeof perCountDeductionItemSchema>;
export type BonusItem = z.infer<typeof bonusItemSchema>;

/** The rule an inspector's entry is scored by: a plain manual item or one variant of a `by-unit-type` item. */
export type ManualRule = ChecklistItem | CountStepsItem | DeductionStepsItem | JudgedItem | Variant;

// Live apart from the schemas so that scoring runs without loading zod.
export { criterionPointsFor, UNIT_TYPE_ZH } from './queries.js';
