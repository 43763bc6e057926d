import { z } from 'zod';
import { isIsoDate } from '../time/dates.js';
import { calendarSchema } from './calendar-schema.js';
import { applicationsSchema, mailboxSchema } from './mailbox-schema.js';
import { scheduleSchema } from '../schedule/schema.js';
import { mailSchema } from '../mail/schema.js';
import { retentionSchema } from './retention-schema.js';
import { censusSchema } from './census-schema.js';
import { webSchema } from './web-schema.js';
import { parseAllowEntry } from '../fetch/address-policy.js';
import { CATEGORIES, SHAPES } from './column-kinds.js';
import { probesSchema } from '../probes/schema.js';
import { contentSchema } from '../content/schema.js';

export { CATEGORIES, SHAPES, type Category, type ShapeId } from './column-kinds.js';

export const isoDate = z.string().refine(isIsoDate, { message: 'expected a date as YYYY-MM-DD' });

export const UNIT_TYPES = ['town', 'subdistrict', 'department', 'approval-bureau'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

const httpUrl = z.string().refine((s) => /^https?:\/\/[^\s/]+/i.test(s), {
  message: 'expected an http:// or https:// URL',
});

/** Due date of a required posting: `MM-DD` (every year of the period) or a full `YYYY-MM-DD`. */
const dueDate = z.string().refine((s) => /^\d{2}-\d{2}$/.test(s) || isIsoDate(s), {
  message: 'expected MM-DD (every year) or YYYY-MM-DD',
});

export const requiredPostingSchema = z.strictObject({
  /** What the office calls it, shown in findings. */
  label: z.string().min(1),
  /** A regular expression on the item title; `{year}` is the due year, `{prevYear}` the year before. */
  title: z.string().min(1),
  due: dueDate,
});
export type RequiredPosting = z.infer<typeof requiredPostingSchema>;

export const columnSchema = z.strictObject({
  /** Stable id within the unit: renames and URL changes keep the column's history. Default: derived from the URL. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug: letters, digits and dashes').optional(),
  name: z.string().min(1),
  url: httpUrl,
  category: z.enum(CATEGORIES),
  shape: z.enum(SHAPES).optional(),
  cadenceDays: z.number().int().positive().optional(),
  required: z.array(requiredPostingSchema).default([]),
});
export type ColumnConfig = z.infer<typeof columnSchema>;

export const unitSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
  name: z.string().min(1),
  type: z.enum(UNIT_TYPES),
  aliases: z.array(z.string().min(1)).default([]),
  emails: z.array(z.email()).default([]),
  /** The site's homepage, probed for availability; default: the origin of the first column. */
  homepage: httpUrl.optional(),
  columns: z.array(columnSchema).default([]),
});
export type UnitConfig = z.infer<typeof unitSchema>;

const hostLimitsSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(64).optional(),
  minIntervalMs: z.number().int().min(0).optional(),
  timeoutMs: z.number().int().min(100).optional(),
});
export type HostLimits = z.infer<typeof hostLimitsSchema>;

export const crawlSchema = z.strictObject({
  userAgent: z.string().min(1).default('zwgk/0.1 (government disclosure audit)'),
  /** Parallel requests to one host (host:port). */
  concurrencyPerHost: z.number().int().min(1).max(64).default(4),
  /** Minimum gap between two request starts on one host. */
  minIntervalMs: z.number().int().min(0).default(0),
  /** Units crawled at the same time. */
  unitConcurrency: z.number().int().min(1).max(256).default(8),
  /** Total time for one request, connection to last byte. */
  timeoutMs: z.number().int().min(100).default(15_000),
  /** Extra tries for transient failures (timeouts, resets, 5xx, 429). */
  retries: z.number().int().min(0).max(10).default(2),
  retryBaseMs: z.number().int().min(0).default(500),
  maxBodyBytes: z.number().int().min(1024).default(5 * 1024 * 1024),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  /** List pages read per column at most. */
  maxPagesPerColumn: z.number().int().min(1).default(20),
  /** Detail pages fetched per column to date undated items (S6). */
  maxDetailFetches: z.number().int().min(0).default(10),
  /** Detail links of each column's newest items that are checked for reachability. */
  linkCheckCount: z.number().int().min(0).default(3),
  /** A newest item's link that opened is checked again after this many days (0: every night); one that failed, every night. */
  linkRecheckDays: z.number().int().min(0).default(30),
  /** A column whose first page is unchanged is read again in full after this many days (0: every night). */
  fullRereadDays: z.number().int().min(0).default(7),
  /** An item first seen this many days after its stated date is flagged as possibly backdated. */
  backdateToleranceDays: z.number().int().min(1).default(30),
  hosts: z.record(z.string(), hostLimitsSchema).default({}),
  /**
   * Hosts that may be loopback, private or link-local (a 政务外网 intranet, the demo on 127.0.0.1): host
   * names, IP addresses or CIDR ranges. Every other such address is refused, however it is reached.
   */
  allowPrivateHosts: z.array(z.string().refine((s) => parseAllowEntry(s) !== undefined, {
    message: 'expected a host name (no port), an IP address or a CIDR range such as 10.0.0.0/8',
  })).default([]),
  browser: z
    .strictObject({
      enabled: z.boolean().default(true),
      executablePath: z.string().default('/usr/bin/chromium'),
      concurrency: z.number().int().min(1).max(8).default(2),
      timeoutMs: z.number().int().min(1000).default(30_000),
    })
    .prefault({}),
});
export type CrawlConfig = z.infer<typeof crawlSchema>;

export const districtSchema = z.strictObject({
  name: z.string().min(1),
  timezone: z.string().default('Asia/Shanghai'),
  period: z.strictObject({ start: isoDate, end: isoDate }),
  /** Path of the year's scheme file, relative to this config file. */
  scheme: z.string().min(1),
  /** Where the database and evidence live, relative to this config file. */
  dataDir: z.string().default('../data'),
  /** Who manual entries are recorded as when neither --by nor ZWGK_USER says (录入人). */
  operator: z.string().min(1).optional(),
});

export const configSchema = z.strictObject({
  district: districtSchema,
  crawl: crawlSchema.prefault({}),
  units: z.array(unitSchema).min(1),
  /** Working-day overrides (src/calendar). */
  calendar: calendarSchema.prefault({}),
  /** District mailboxes whose letters are attributed to units (item 9, mailbox part). */
  mailbox: z.array(mailboxSchema).default([]),
  /** Import settings of the disclosure-application register (item 9, applications part). */
  applications: applicationsSchema.prefault({}),
  /** The daemon's nightly audit and weekly reports (src/schedule). */
  schedule: scheduleSchema.prefault({}),
  /** Report recipients and delivery rules; the SMTP server comes from the environment (src/mail). */
  mail: mailSchema.prefault({}),
  /** How long evidence, the fetch log and link checks are kept (src/store/retention.ts). */
  retention: retentionSchema.prefault({}),
  /** The nightly site census and its link checks (src/census). */
  census: censusSchema.prefault({}),
  /** The web console (src/web); absent: the daemon serves none. */
  web: webSchema.optional(),
  /** Availability probes of every unit's homepage (src/probes). */
  probes: probesSchema.prefault({}),
  /** Wording, typo and personal-data checks of new items (src/content). */
  content: contentSchema.prefault({}),
});
export type DistrictConfig = z.infer<typeof configSchema>;
