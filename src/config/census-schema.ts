import { z } from 'zod';

const exclusionSchema = z.strictObject({
  unit: z.string().min(1),
  url: z.string().refine((s) => /^https?:\/\/[^\s/]+/i.test(s), { message: 'expected an http:// or https:// URL' }),
  reason: z.string().min(1),
});

/** The nightly site census (src/census): every unit's columns found from its homepage, and the links met on the way. */
export const censusSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Pages a unit's census reads at most. */
  pageBudget: z.number().int().min(1).default(200),
  /** A unit is censused every this many days; units are spread over the days by their id. */
  everyDays: z.number().int().min(1).default(7),
  /** Distinct links checked per unit per census. */
  linkBudget: z.number().int().min(0).default(300),
  /** Distinct links checked per host per census. */
  linksPerHost: z.number().int().min(1).default(50),
  /** Columns left out of the census and the veto counts, with the office's reason (also `zwgk census exclude`). */
  exclusions: z.array(exclusionSchema).default([]),
});
export type CensusConfig = z.infer<typeof censusSchema>;
