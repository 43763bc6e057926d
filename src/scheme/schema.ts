import { z } from 'zod';
import { CATEGORIES, UNIT_TYPES, type Category } from '../config/schema.js';
import {
  bonusItemSchema, byUnitTypeItemSchema, checklistItemSchema, countStepsItemSchema, deductionStepsItemSchema,
  judgedItemSchema, NOT_APPLICABLE, perCountDeductionItemSchema,
} from './items.js';
import { checkSchemeItems } from './check.js';
import { applicationsPartSchema, mailboxPartSchema } from './timeliness-parts.js';

const categoryNumbers = (defaults: Partial<Record<Category, number>>) =>
  z.partialRecord(z.enum(CATEGORIES), z.number().min(0)).default(defaults);

/** Item 9, part 1: the disclosure platform kept up to date (domain.md, "Platform, 20 points"). */
export const platformPartSchema = z.strictObject({
  max: z.number().positive(),
  /** Days an item keeps a column compliant; a category without a cadence is judged on presence only. */
  cadenceDays: categoryNumbers({
    homepage: 14, news: 14, notice: 180, policy: 180, plan: 365, personnel: 365, finance: 365,
    'key-area': 90, 'annual-report': 365,
  }),
  /** Relative weight of a column of each category in the compliant share (default 1). */
  weights: categoryNumbers({}),
  /** Points lost for each required posting missing at its due date. */
  requiredPostingDeduction: z.number().min(0).default(1),
});
export type PlatformPart = z.infer<typeof platformPartSchema>;

export const automatedItemSchema = z.strictObject({
  no: z.number().int().positive(),
  name: z.string().min(1),
  kind: z.literal('automated'),
  max: z.number().positive(),
  criteria: z.string().optional(),
  method: z.string().optional(),
  remark: z.string().optional(),
  appliesTo: z.array(z.enum(UNIT_TYPES)).min(1).optional(),
  notApplicable: z.enum(NOT_APPLICABLE).optional(),
  parts: z.strictObject({
    platform: platformPartSchema,
    mailbox: mailboxPartSchema,
    applications: applicationsPartSchema,
  }),
});

export const schemeItemSchema = z.discriminatedUnion('kind', [
  automatedItemSchema, checklistItemSchema, countStepsItemSchema, deductionStepsItemSchema, judgedItemSchema,
  byUnitTypeItemSchema, perCountDeductionItemSchema, bonusItemSchema,
]);
export type SchemeItem = z.infer<typeof schemeItemSchema>;

export const schemeSchema = z.strictObject({
  id: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  title: z.string().min(1),
  /** What an item scores for a unit type it does not apply to, unless the item says otherwise. */
  notApplicable: z.enum(NOT_APPLICABLE).default('full'),
  /** Decimal places kept for item points and totals (half up). */
  rounding: z.strictObject({ decimals: z.number().int().min(0).max(4) }).default({ decimals: 2 }),
  /** Text printed under the form (the attachment's 备注 row). */
  note: z.string().optional(),
  items: z.array(schemeItemSchema).min(1),
}).superRefine((scheme, ctx) => checkSchemeItems(scheme.items, ctx));
export type Scheme = z.infer<typeof schemeSchema>;

export type AutomatedItem = z.infer<typeof automatedItemSchema>;
// Lives apart from the schemas so that scoring runs without loading zod.
export { automatedItem } from './queries.js';
