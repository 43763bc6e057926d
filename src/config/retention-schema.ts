import { z } from 'zod';

/**
 * How long what a crawl stores is kept (src/store/retention.ts). Findings keep their evidence for the whole
 * assessment period and `appealWindowDays` after, whatever the other settings say.
 */
export const retentionSchema = z.strictObject({
  /** Page bodies that nothing needs any more (no cache entry, fetch log row or finding names them) go after this many days. */
  evidenceDays: z.number().int().min(1).default(90),
  /** The request log (`fetches`) is kept this many days. */
  fetchLogDays: z.number().int().min(1).default(90),
  /** After a finding's day leaves the assessment period, its evidence is kept this many days more (申诉期). */
  appealWindowDays: z.number().int().min(0).default(60),
});
export type RetentionConfig = z.infer<typeof retentionSchema>;
