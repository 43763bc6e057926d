import type { Db } from '../store/db.js';
import { EvidenceStore } from '../fetch/evidence-store.js';
import { decodeAs, decodeBody } from '../fetch/charset.js';
import { evidenceInfo, type EvidenceInfo } from '../store/evidence-info.js';
import { LONG_NUMBER, maskLongNumbers } from '../content/personal-data.js';

/** The viewer shows at most this much of an archived page (crawled bodies are capped at 5 MiB by default). */
export const EVIDENCE_VIEW_MAX_CHARS = 1_000_000;

export interface EvidenceView {
  info: EvidenceInfo;
  /** The body decoded to text (never raw bytes), cut at `EVIDENCE_VIEW_MAX_CHARS`. */
  text: string;
  charset: string;
  truncated: boolean;
  /** Runs of 11+ digits (ID, mobile, bank card numbers) masked in `text`: personal data is never shown whole. */
  maskedNumbers: number;
  /** The hash of a screenshot taken when the browser rendered the page, if kept. */
  screenshot: string | null;
}

/** A stored screenshot's bytes (JPEG), when the rendered page `hash` has one. */
export function evidenceScreenshot(db: Db, hash: string): Buffer | undefined {
  const store = new EvidenceStore(db, () => new Date(0));
  const shot = store.screenshotOf(hash);
  return shot ? store.get(shot) : undefined;
}

/** An archived body as text with what is known about its capture; undefined when it is not (or no longer) stored. */
export function evidenceView(db: Db, hash: string): EvidenceView | undefined {
  const info = evidenceInfo(db, hash);
  const store = new EvidenceStore(db, () => new Date(0));
  const raw = info ? store.get(hash) : undefined;
  if (!info || !raw) return undefined;
  const decoded = info.charset ? { text: decodeAs(raw, info.charset), charset: info.charset } : decodeBody(raw, info.contentType ?? undefined);
  const truncated = decoded.text.length > EVIDENCE_VIEW_MAX_CHARS;
  const shown = truncated ? decoded.text.slice(0, EVIDENCE_VIEW_MAX_CHARS) : decoded.text;
  const text = maskLongNumbers(shown);
  const maskedNumbers = countDifferences(shown, text);
  return { info, text, charset: decoded.charset, truncated, maskedNumbers,
    screenshot: store.screenshotOf(hash) ?? null };
}

function countDifferences(before: string, after: string): number {
  return before === after ? 0 : (before.match(LONG_NUMBER) ?? []).length;
}
