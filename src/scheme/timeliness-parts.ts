import { z } from 'zod';

/** Letter types as mailboxes show them: 咨询, 建议, 投诉, 求助. */
export const LETTER_TYPES = ['consultation', 'suggestion', 'complaint', 'help'] as const;
export type LetterType = (typeof LETTER_TYPES)[number];

const workdays = z.number().int().positive();

/** Item 9, part 2: mayor's mailbox letters answered on time (domain.md, "Mailbox, 5 points"). */
export const mailboxPartSchema = z.strictObject({
  max: z.number().positive(),
  /** Working days to answer a letter, not counting the day it was submitted. */
  limitWorkdays: workdays.default(5),
  /** Per letter type, where the mailbox shows types; a type left out uses `limitWorkdays`. */
  limitsByType: z.partialRecord(z.enum(LETTER_TYPES), workdays).default({}),
  /** A letter left unanswered longer than this many calendar months sets the part to 0. */
  vetoMonths: z.number().int().positive().default(3),
  /** Letter types the veto applies to; empty: every type. */
  vetoTypes: z.array(z.enum(LETTER_TYPES)).default([]),
});
export type MailboxPart = z.infer<typeof mailboxPartSchema>;

/** Item 9, part 3: disclosure applications answered on time (条例 Art. 30/31/33). */
export const applicationsPartSchema = z.strictObject({
  max: z.number().positive(),
  limitWorkdays: workdays.default(20),
  /** The limit when the answer was extended (20 + at most 20). */
  extendedLimitWorkdays: workdays.default(40),
  /** Working days the agency has to ask for a correction (补正); a later request is flagged. */
  correctionNoticeWorkdays: workdays.default(7),
});
export type ApplicationsPart = z.infer<typeof applicationsPartSchema>;
