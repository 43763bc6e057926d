import { randomUUID } from 'node:crypto';
import type { App } from '../app.js';
import type { UnitConfig } from '../config/schema.js';
import { bareAddress, composeMessage, messageIdDomain } from '../mail/compose.js';
import { Outbox } from '../mail/outbox.js';
import { escapeHtml } from '../../reports/escape.js';
import type { ProbeRecord } from '../store/probes-repo.js';
import { shanghaiDate, shanghaiDateTime } from '../time/dates.js';
import { describeOutcome, type Outcome } from '../fetch/types.js';

export interface StateChange {
  unit: UnitConfig;
  state: 'up' | 'down';
  /** The failed probes in a row (down), or those that ended with this one (up). */
  probes: ProbeRecord[];
  downSince: string | null;
}

/**
 * Puts one mail to the office in the outbox for a change of a site's state; the key is the change
 * itself, so a change is never mailed twice. Without `mail.from` or `mail.office` nothing is queued.
 */
export async function enqueueStateChange(app: App, change: StateChange): Promise<boolean> {
  const { mail } = app.loaded.config;
  if (!mail.from || mail.office.length === 0) return false;
  const last = change.probes[change.probes.length - 1];
  const key = `probe:${change.unit.id}:${change.state}:${last.at}`;
  const outbox = new Outbox(app.db);
  if (outbox.has(key)) return false;
  const name = change.unit.name;
  const when = (iso: string) => shanghaiDateTime(new Date(iso));
  const subject = change.state === 'down'
    ? `【网站无法访问】${name}首页连续 ${change.probes.length} 次无法打开（${when(last.at)}）`
    : `【网站恢复访问】${name}首页已恢复（${when(last.at)}）`;
  const lines = change.state === 'down'
    ? [
      `${name}的网站首页 ${last.url} 连续 ${change.probes.length} 次未能在规定时间内打开：`,
      ...change.probes.map((p) => `  ${when(p.at)}  ${p.status ? `HTTP ${p.status} ` : ''}${describeOutcome({ outcome: p.outcome as Outcome, error: p.error ?? undefined })}`),
      '',
      '全国政府网站检查标准：一周内 5% 以上的访问未能在 15 秒内打开即「站点无法访问」，单项否决。请尽快联系网站运维单位处理。',
      '恢复访问后将另行通知；期间不再逐次发送邮件。',
    ]
    : [
      `${name}的网站首页 ${last.url} 已恢复访问（${when(last.at)} 打开正常，用时 ${Math.round(last.ms)} 毫秒）。`,
      change.downSince ? `此前自 ${when(change.downSince)} 起无法访问。` : '',
    ].filter(Boolean);
  const text = `${lines.join('\n')}\n\n（本邮件由 zwgk 自动发送）\n`;
  const html = `<!doctype html><meta charset="utf-8"><div style="font-family:sans-serif;max-width:40em">${lines.map((l) => `<p style="margin:.3em 0">${escapeHtml(l)}</p>`).join('')}<p style="color:#666">（本邮件由 zwgk 自动发送）</p></div>`;
  const messageId = `<${key.replace(/[^a-z0-9.-]+/gi, '.')}.${randomUUID().slice(0, 12)}@${messageIdDomain(mail.from)}>`;
  const raw = await composeMessage({ from: mail.from, to: mail.office, replyTo: mail.replyTo, subject, text, html, messageId, date: app.clock.now(), headers: { 'X-Zwgk-Report': key } });
  return outbox.enqueue({
    reportKey: key, kind: 'availability-alert', unitId: change.unit.id, asOf: shanghaiDate(new Date(last.at)), messageId,
    envelopeFrom: bareAddress(mail.from), recipients: mail.office, subject, raw,
  }, app.clock.now()).created;
}
