import { z } from 'zod';

/** Whether a send cut off by a crash (the server may or may not have accepted it) is sent again. */
export const UNCERTAIN_RULES = ['resend', 'hold'] as const;
export type UncertainRule = (typeof UNCERTAIN_RULES)[number];

/**
 * Who receives reports and how delivery behaves. The SMTP server and its credentials come from the
 * environment only (ZWGK_SMTP_*), never from this file.
 */
export const mailSchema = z.strictObject({
  /** Sender, e.g. `雁江区政务公开办 <zwgk@example.gov.cn>`; its domain also names the Message-IDs. */
  from: z.string().min(3).optional(),
  replyTo: z.email().optional(),
  /** The office's recipients of the weekly summary. */
  office: z.array(z.email()).default([]),
  /** Also send the office a copy (Cc) of every unit's report. */
  copyOfficeOnUnitReports: z.boolean().default(false),
  /**
   * `resend` (default): a send cut off by a crash is sent again with the same Message-ID, which mail
   * systems recognise as the same message; `hold`: it waits for `zwgk mail resend ID`.
   */
  uncertain: z.enum(UNCERTAIN_RULES).default('resend'),
  retry: z
    .strictObject({
      /** First wait after a failed attempt; it doubles up to `maxDelaySeconds`. */
      firstDelaySeconds: z.number().min(0).default(60),
      maxDelaySeconds: z.number().min(1).default(3600),
      /** A report not delivered after this long is marked failed. */
      giveUpHours: z.number().min(0).default(72),
    })
    .prefault({}),
  /** Seconds between outbox checks in the daemon. */
  pollSeconds: z.number().min(1).default(30),
  /** A link to archived evidence pages, `{hash}` replaced by the evidence hash; without it reports cite the hash. */
  evidenceUrl: z.string().regex(/^https?:\/\/.*\{hash\}/, 'expected an http(s) URL containing {hash}').optional(),
  /** Attach the unit's assessment form (XLSX) to its weekly report. */
  attachForm: z.boolean().default(true),
});
export type MailConfig = z.infer<typeof mailSchema>;
