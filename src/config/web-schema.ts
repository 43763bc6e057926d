import { z } from 'zod';

/**
 * The web console (`zwgk serve`). Only `baseUrl` so far: where mails link to the unit page and the
 * evidence viewer. The console's own settings are added here.
 */
export const webSchema = z.strictObject({
  /** The console's address as units and the office reach it, e.g. `https://zwgk.example.gov.cn` (no trailing path). */
  baseUrl: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'expected an http:// or https:// URL').optional(),
});
export type WebConfig = z.infer<typeof webSchema>;
