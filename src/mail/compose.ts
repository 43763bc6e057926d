import nodemailer from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailDraft {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** `<…@domain>`; every copy of the message carries this one. */
  messageId: string;
  date: Date;
  /** Extra headers, e.g. the report key. */
  headers?: Record<string, string>;
}

/** Renders a message to the exact RFC 5322 bytes that will be sent, every time it is sent. */
export async function composeMessage(draft: MailDraft): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({
    from: draft.from, to: draft.to, cc: draft.cc, replyTo: draft.replyTo, subject: draft.subject,
    text: draft.text, html: draft.html, messageId: draft.messageId, date: draft.date,
    headers: { 'Auto-Submitted': 'auto-generated', ...draft.headers },
    attachments: draft.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  });
  return info.message as Buffer;
}

/** The bare address of `Name <addr>` or `addr`. */
export function bareAddress(from: string): string {
  const m = /<([^>]+)>\s*$/.exec(from);
  return (m ? m[1] : from).trim();
}

export function messageIdDomain(from: string): string {
  const at = bareAddress(from).split('@')[1];
  return at && /^[a-z0-9.-]+$/i.test(at) ? at : 'zwgk.invalid';
}
