import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { createServer } from 'node:net';

export interface ReceivedMail {
  raw: Buffer;
  from: string;
  to: string[];
}

export type Answer = 'accept' | 'hang' | { code: number; message: string };

export interface SmtpFixture {
  port: number;
  /** Every message whose data arrived, whatever the answer. */
  received: ReceivedMail[];
  /** Messages answered 250. */
  accepted: ReceivedMail[];
  answer: (mail: ReceivedMail, n: number) => Answer;
  close(): Promise<void>;
}

/** A free port on 127.0.0.1 (for a server that is down now and comes up later). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) requiring a login, with a scriptable answer;
 * `refuseRecipients` are answered 550 at RCPT TO.
 */
export async function smtpFixture(opts: { port?: number; user: string; pass: string; answer?: SmtpFixture['answer']; refuseRecipients?: string[] }): Promise<SmtpFixture> {
  const fixture: SmtpFixture = {
    port: 0, received: [], accepted: [], answer: opts.answer ?? (() => 'accept'),
    close: async () => undefined,
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false, closeTimeout: 200,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (opts.refuseRecipients?.includes(address.address)) cb(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
      else cb();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        fixture.received.push(mail);
        const answer = fixture.answer(mail, fixture.received.length);
        if (answer === 'hang') return;
        if (answer === 'accept') {
          fixture.accepted.push(mail);
          cb();
        } else cb(Object.assign(new Error(answer.message), { responseCode: answer.code }));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  fixture.port = (server.server.address() as { port: number }).port;
  fixture.close = () => new Promise<void>((r) => server.close(() => r()));
  return fixture;
}
