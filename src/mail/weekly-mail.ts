import { randomUUID } from 'node:crypto';
import type { App } from '../app.js';
import { buildWeeklyBatch } from '../../reports/weekly-batch.js';
import { renderWeeklyUnit } from '../../reports/weekly-unit.js';
import { renderOfficeSummary } from '../../reports/office-summary.js';
import { bareAddress, composeMessage, messageIdDomain, type MailDraft } from './compose.js';
import { Outbox } from './outbox.js';

export interface EnqueueResult {
  created: number;
  existing: number;
  unitsWithoutEmail: string[];
  officeWithoutRecipients: boolean;
}

export function unitReportKey(asOf: string, unitId: string): string {
  return `weekly:${asOf}:unit:${unitId}`;
}

export function officeReportKey(asOf: string): string {
  return `weekly:${asOf}:office`;
}

/**
 * Renders the week's e-mails once and puts them in the outbox. A report already there (same week, same
 * unit) is left as it is, so running this again never makes a second, different mail.
 */
export async function enqueueWeeklyReports(app: App, asOf: string, opts: { unitIds?: string[] } = {}): Promise<EnqueueResult> {
  const { config } = app.loaded;
  const mail = config.mail;
  if (!mail.from) throw new Error('配置中没有 mail.from（发件人地址），无法生成周报邮件');
  const from = mail.from;
  const outbox = new Outbox(app.db);
  const chosen = config.units.filter((u) => !opts.unitIds || opts.unitIds.includes(u.id));
  const withoutEmail = chosen.filter((u) => u.emails.length === 0).map((u) => u.name);
  const wantOffice = !opts.unitIds && mail.office.length > 0;
  const todo = chosen.filter((u) => u.emails.length > 0 && !outbox.has(unitReportKey(asOf, u.id)));
  const officeTodo = wantOffice && !outbox.has(officeReportKey(asOf));
  const result: EnqueueResult = { created: 0, existing: 0, unitsWithoutEmail: withoutEmail, officeWithoutRecipients: !opts.unitIds && mail.office.length === 0 };
  result.existing = chosen.length - withoutEmail.length - todo.length + (wantOffice && !officeTodo ? 1 : 0);
  if (todo.length === 0 && !officeTodo) return result;

  const counts = outbox.counts();
  const batch = await buildWeeklyBatch(app, asOf, {
    unitIds: todo.map((u) => u.id),
    extra: { unitsWithoutEmail: config.units.filter((u) => u.emails.length === 0).map((u) => u.name), delivery: { pending: counts.pending, uncertain: counts.uncertain, failed: counts.failed } },
  });
  const domain = messageIdDomain(from);
  const enqueue = async (key: string, kind: 'unit-weekly' | 'office-summary', unitId: string | null, draft: Omit<MailDraft, 'from' | 'messageId' | 'date' | 'replyTo'>) => {
    const messageId = `<${key.replace(/[^a-z0-9.-]+/gi, '.')}.${randomUUID().slice(0, 12)}@${domain}>`;
    const raw = await composeMessage({ ...draft, from, replyTo: mail.replyTo, messageId, date: app.clock.now(), headers: { 'X-Zwgk-Report': key } });
    const r = outbox.enqueue({
      reportKey: key, kind, unitId, asOf, messageId, envelopeFrom: bareAddress(from),
      recipients: [...draft.to, ...(draft.cc ?? [])], subject: draft.subject, raw,
    }, app.clock.now());
    if (r.created) result.created++;
    else result.existing++;
  };

  for (const { report, form } of batch.units) {
    const unit = todo.find((u) => u.id === report.unit.id)!;
    const rendered = renderWeeklyUnit(report);
    await enqueue(unitReportKey(asOf, unit.id), 'unit-weekly', unit.id, {
      to: unit.emails, cc: mail.copyOfficeOnUnitReports ? mail.office : undefined,
      subject: rendered.subject, text: rendered.text, html: rendered.html,
      attachments: form ? [{ filename: form.filename, content: form.content, contentType: form.contentType }] : [],
    });
  }
  if (officeTodo) {
    const rendered = renderOfficeSummary(batch.summary);
    await enqueue(officeReportKey(asOf), 'office-summary', null, { to: mail.office, subject: rendered.subject, text: rendered.text, html: rendered.html });
  }
  return result;
}
