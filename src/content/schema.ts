import { z } from 'zod';

/** Content checks of new items: wording errors and typos (lexicon) and personal data published unmasked. */
export const contentSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Lexicon files (YAML), relative to the config file; empty: the lexicon shipped with zwgk (config/lexicon/). */
  lexicon: z.array(z.string().min(1)).default([]),
  /** Attachments (xlsx, docx, pdf) linked from new detail pages that are opened per unit and night. */
  maxAttachmentsPerUnit: z.number().int().min(0).max(200).default(10),
  /** Attachments larger than this are not read. */
  maxAttachmentBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Time to extract one attachment's text. */
  extractTimeoutMs: z.number().int().min(100).max(120_000).default(20_000),
});
export type ContentConfig = z.infer<typeof contentSchema>;
