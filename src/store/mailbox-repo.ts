import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import { squash } from '../../crawlers/html.js';
import type { LetterDetail, LetterRow } from '../../crawlers/mailbox/types.js';
import { normalizeLetterType, normalizeSatisfaction, normalizeStatus } from '../../crawlers/mailbox/words.js';

export interface StoredLetter {
  id: number;
  mailbox_id: string;
  letter_key: string;
  title: string;
  url: string | null;
  status: string | null;
  submitted_at: string | null;
  replied_at: string | null;
  reply_hash: string | null;
  list_fingerprint: string;
  detail_fingerprint: string | null;
  detail_checked_on: string | null;
  last_listed: string;
  first_seen: string;
}

export type ReplyEventKind = 'reply-appeared' | 'reply-changed' | 'reply-removed';

export interface MailboxCrawlStats {
  status: 'ok' | 'partial' | 'unreachable';
  reason: string | null;
  listComplete: boolean;
  listPages: number;
  lettersListed: number;
  newLetters: number;
  detailsFetched: number;
  detailsFailed: number;
  detailsDeferred: number;
  statedTotal: number | null;
}

/** What a list row shows, so a change on the list is noticed without reading the letter page. */
export function rowFingerprint(row: LetterRow): string {
  const shown = [row.title, row.statusShown, row.handler, row.typeShown, row.satisfactionShown, row.submittedAt, row.code];
  return createHash('sha1').update(JSON.stringify(shown.map((x) => x ?? null))).digest('hex').slice(0, 20);
}

function replyHash(text: string): string {
  return createHash('sha256').update(squash(text)).digest('hex').slice(0, 32);
}

/** Letters, their reply history and mailbox crawls. Every write is its own transaction, so an interrupted crawl keeps what it read. */
export class MailboxRepo {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      byKey: db.prepare('SELECT * FROM mailbox_letters WHERE mailbox_id = ? AND letter_key = ?'),
      byId: db.prepare('SELECT * FROM mailbox_letters WHERE id = ?'),
      insert: db.prepare(`INSERT INTO mailbox_letters (mailbox_id, letter_key, code, title, url, handler, writer, status_shown, status,
        type_shown, letter_type, submitted_at, submitted_source, satisfaction_shown, satisfaction, list_fingerprint, first_seen,
        last_listed, list_evidence)
        VALUES (@mailbox, @key, @code, @title, @url, @handler, @writer, @statusShown, @status, @typeShown, @type, @submitted,
        @submittedSource, @satisfactionShown, @satisfaction, @fingerprint, @on, @on, @evidence)`),
      listed: db.prepare('UPDATE mailbox_letters SET last_listed = @on, list_evidence = @evidence WHERE id = @id'),
      relisted: db.prepare(`UPDATE mailbox_letters SET title = @title, url = COALESCE(@url, url), code = COALESCE(@code, code),
        handler = COALESCE(@handler, handler), writer = COALESCE(@writer, writer),
        status_shown = COALESCE(@statusShown, status_shown), status = COALESCE(@status, status),
        type_shown = COALESCE(@typeShown, type_shown), letter_type = COALESCE(@type, letter_type),
        submitted_at = COALESCE(submitted_at, @submitted),
        submitted_source = CASE WHEN submitted_at IS NULL THEN @submittedSource ELSE submitted_source END,
        satisfaction_shown = COALESCE(@satisfactionShown, satisfaction_shown), satisfaction = COALESCE(@satisfaction, satisfaction),
        list_fingerprint = @fingerprint, last_listed = @on, list_evidence = @evidence WHERE id = @id`),
      detail: db.prepare(`UPDATE mailbox_letters SET code = COALESCE(code, @code), handler = COALESCE(handler, @handler),
        status_shown = COALESCE(@statusShown, status_shown), status = COALESCE(@status, status),
        type_shown = COALESCE(type_shown, @typeShown), letter_type = COALESCE(letter_type, @type),
        submitted_at = COALESCE(@submitted, submitted_at),
        submitted_source = CASE WHEN @submitted IS NULL THEN submitted_source ELSE 'detail' END,
        satisfaction_shown = COALESCE(@satisfactionShown, satisfaction_shown), satisfaction = COALESCE(@satisfaction, satisfaction),
        replied_at = @repliedAt, reply_by = @replyBy, reply_text = @replyText, reply_hash = @replyHash,
        detail_checked_on = @on, detail_evidence = @evidence, detail_fingerprint = list_fingerprint, detail_failures = 0
        WHERE id = @id`),
      failed: db.prepare('UPDATE mailbox_letters SET detail_failures = detail_failures + 1 WHERE id = ?'),
      event: db.prepare(`INSERT INTO mailbox_letter_events (letter_id, observed_on, kind, replied_before, replied_after, evidence)
        VALUES (?, ?, ?, ?, ?, ?)`),
    };
  }

  letters(mailboxId: string): StoredLetter[] {
    return this.db.prepare('SELECT * FROM mailbox_letters WHERE mailbox_id = ? ORDER BY id').all(mailboxId) as StoredLetter[];
  }

  /** Letters of the mailbox stored so far. */
  letterCount(mailboxId: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM mailbox_letters WHERE mailbox_id = ?').pluck().get(mailboxId) as number;
  }

  /** Stores one list page's rows; returns how many letters were new and how many rows changed. */
  saveListRows(mailboxId: string, rows: LetterRow[], on: string, evidence: string | undefined): { fresh: number; changed: number } {
    let fresh = 0;
    let changed = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        const fingerprint = rowFingerprint(row);
        const existing = this.stmts.byKey.get(mailboxId, row.key) as StoredLetter | undefined;
        const values = {
          mailbox: mailboxId, key: row.key, code: row.code ?? null, title: row.title, url: row.detail?.url ?? null,
          handler: row.handler ?? null, writer: row.writer ?? null, statusShown: row.statusShown ?? null,
          status: normalizeStatus(row.statusShown), typeShown: row.typeShown ?? null, type: normalizeLetterType(row.typeShown),
          submitted: row.submittedAt ?? null, submittedSource: row.submittedAt ? (row.submittedSource ?? 'list') : null,
          satisfactionShown: row.satisfactionShown ?? null,
          satisfaction: normalizeSatisfaction(row.satisfactionShown), fingerprint, on, evidence: evidence ?? null,
        };
        if (!existing) {
          this.stmts.insert.run(values);
          fresh++;
        } else if (existing.list_fingerprint !== fingerprint) {
          this.stmts.relisted.run({ ...values, id: existing.id });
          changed++;
        } else {
          this.stmts.listed.run({ id: existing.id, on, evidence: evidence ?? null });
        }
      }
    })();
    return { fresh, changed };
  }

  /** Stores what a letter page showed and records a reply that appeared, changed or disappeared. */
  saveDetail(letterId: number, detail: LetterDetail, on: string, evidence: string | undefined): ReplyEventKind | null {
    let event: ReplyEventKind | null = null;
    this.db.transaction(() => {
      const before = this.stmts.byId.get(letterId) as StoredLetter;
      const reply = detail.reply;
      const hash = reply ? replyHash(reply.text) : null;
      const hadReply = before.replied_at !== null || before.reply_hash !== null;
      if (!hadReply && reply) event = 'reply-appeared';
      else if (hadReply && !reply) event = 'reply-removed';
      else if (hadReply && reply && (before.replied_at !== reply.at || before.reply_hash !== hash)) event = 'reply-changed';
      // The first reading of a letter is not an event; only changes seen on a later reading are.
      if (event && before.detail_checked_on !== null) {
        this.stmts.event.run(letterId, on, event, before.replied_at, reply?.at ?? null, evidence ?? null);
      } else event = null;
      this.stmts.detail.run({
        id: letterId, code: detail.code ?? null, handler: detail.handler ?? null, statusShown: detail.statusShown ?? null,
        status: normalizeStatus(detail.statusShown), typeShown: detail.typeShown ?? null, type: normalizeLetterType(detail.typeShown),
        submitted: detail.submittedAt ?? null, satisfactionShown: detail.satisfactionShown ?? null,
        satisfaction: normalizeSatisfaction(detail.satisfactionShown), repliedAt: reply?.at ?? null, replyBy: reply?.by ?? null,
        replyText: reply?.text ?? null, replyHash: hash, on, evidence: evidence ?? null,
      });
    })();
    return event;
  }

  detailFailed(letterId: number): void {
    this.stmts.failed.run(letterId);
  }

  startCrawl(runId: number | null, mailboxId: string, on: string, at: Date): number {
    return Number(this.db.prepare(`INSERT INTO mailbox_crawls (run_id, mailbox_id, crawled_on, started_at, status) VALUES (?, ?, ?, ?, 'running')`)
      .run(runId, mailboxId, on, at.toISOString()).lastInsertRowid);
  }

  finishCrawl(crawlId: number, stats: MailboxCrawlStats, at: Date): void {
    this.db.prepare(`UPDATE mailbox_crawls SET finished_at = @at, status = @status, reason = @reason, list_complete = @complete,
      list_pages = @pages, letters_listed = @listed, new_letters = @fresh, details_fetched = @fetched, details_failed = @failed,
      details_deferred = @deferred, stated_total = @stated WHERE id = @id`).run({
      id: crawlId, at: at.toISOString(), status: stats.status, reason: stats.reason, complete: stats.listComplete ? 1 : 0,
      pages: stats.listPages, listed: stats.lettersListed, fresh: stats.newLetters, fetched: stats.detailsFetched,
      failed: stats.detailsFailed, deferred: stats.detailsDeferred, stated: stats.statedTotal,
    });
  }

  /** Whether the latest finished crawl of the mailbox had read its whole list (an interrupted crawl never finishes). */
  listKnownComplete(mailboxId: string): boolean {
    const row = this.db.prepare(`SELECT list_complete FROM mailbox_crawls WHERE mailbox_id = ? AND status != 'running' ORDER BY id DESC LIMIT 1`)
      .get(mailboxId) as { list_complete: number } | undefined;
    return row?.list_complete === 1;
  }
}
