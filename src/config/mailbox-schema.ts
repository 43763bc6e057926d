import { z } from 'zod';

export const MAILBOX_SHAPES = ['M1', 'M3', 'M4', 'M8'] as const;
export type MailboxShapeId = (typeof MAILBOX_SHAPES)[number];

const httpUrl = z.string().refine((s) => /^https?:\/\/[^\s/]+/i.test(s), {
  message: 'expected an http:// or https:// URL',
});

const common = {
  /** Stable key of the mailbox in the database. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
  /** What the office calls it (区长信箱, 12345来信). */
  name: z.string().min(1),
  /** The list page (M1, M8), the data proxy (M3) or the JSON list (M4). */
  url: httpUrl,
  /** List pages read per night at most. */
  maxPages: z.number().int().min(1).default(50),
  /** Letter pages read per night at most; the rest wait for the next night. */
  maxDetailFetches: z.number().int().min(0).default(300),
  /** An answered letter's page is read again after this many days, to notice a reply that changed or vanished. */
  recheckAnsweredDays: z.number().int().min(1).default(30),
};

const pageParam = z.string().regex(/^[\w.-]+$/, 'expected a query parameter name');

export const mailboxSchema = z.discriminatedUnion('shape', [
  z.strictObject({ ...common, shape: z.literal('M1'), pageParam: pageParam.default('page') }),
  z.strictObject({
    ...common,
    shape: z.literal('M3'),
    /** Records per POST (`endrecord - startrecord + 1`). */
    perPage: z.number().int().min(1).max(500).default(20),
    /** The `param_*`-style form fields the mailbox page sends with each POST. */
    form: z.record(z.string(), z.string()).default({}),
  }),
  z.strictObject({
    ...common,
    shape: z.literal('M4'),
    /** The letter page; `{id}` is replaced by the letter's id from the list. */
    detailUrl: httpUrl.refine((s) => s.includes('{id}'), { message: 'expected a URL containing {id}' }),
    pageParam: pageParam.default('pageNo'),
    pageSizeParam: pageParam.default('pageSize'),
    pageSize: z.number().int().min(1).max(500).default(20),
    firstPage: z.number().int().min(0).default(1),
  }),
  z.strictObject({ ...common, shape: z.literal('M8'), pageParam: pageParam.default('page') }),
]);
export type MailboxConfig = z.infer<typeof mailboxSchema>;

/** Fields of the disclosure-application register, by what they mean. */
export const APPLICATION_FIELDS = [
  'code', 'unit', 'received', 'correction', 'correctionNotice', 'correctionReceived', 'extended', 'replied',
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

export const applicationsSchema = z.strictObject({
  /** More header names per field, on top of the usual ones (编号, 受理单位, 申请日期 …). */
  headers: z.partialRecord(z.enum(APPLICATION_FIELDS), z.array(z.string().min(1))).default({}),
  /** The XLSX worksheet to read (default: the first). */
  sheet: z.string().min(1).optional(),
});
export type ApplicationsConfig = z.infer<typeof applicationsSchema>;
