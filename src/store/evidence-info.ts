import type { Db } from './db.js';

/** One request whose response body is the evidence: where, when and how it was captured. */
export interface EvidenceCapture {
  unitId: string;
  url: string;
  finalUrl: string | null;
  statusCode: number | null;
  fetchedAt: string;
  viaBrowser: boolean;
}

export interface EvidenceInfo {
  hash: string;
  size: number;
  contentType: string | null;
  /** When the body was first stored. */
  storedAt: string;
  /** The charset the crawler decoded it with, when its HTTP cache row still says. */
  charset: string | null;
  /** The latest request that returned this body (the fetch log is pruned; a column's list row is the fallback). */
  capture: EvidenceCapture | null;
}

/** What the evidence viewer shows about an archived body, without the body; undefined when it is not stored. */
export function evidenceInfo(db: Db, hash: string): EvidenceInfo | undefined {
  const row = db.prepare('SELECT hash, size, content_type AS contentType, created_at AS storedAt FROM evidence WHERE hash = ?').get(hash) as
    Omit<EvidenceInfo, 'charset' | 'capture'> | undefined;
  if (!row) return undefined;
  const charset = db.prepare('SELECT charset FROM http_cache WHERE evidence_hash = ? AND charset IS NOT NULL LIMIT 1').pluck().get(hash) as string | undefined;
  const fetched = db.prepare(`SELECT unit_id AS unitId, url, final_url AS finalUrl, status_code AS statusCode, fetched_at AS fetchedAt,
      via_browser AS viaBrowser FROM fetches WHERE evidence_hash = ? AND status_code IS NOT 304 ORDER BY id DESC LIMIT 1`).get(hash) as
    (Omit<EvidenceCapture, 'viaBrowser'> & { viaBrowser: number }) | undefined;
  const listed = fetched ? undefined : db.prepare(`SELECT unit_id AS unitId, entry_url AS url, final_url AS finalUrl, observed_at AS fetchedAt
      FROM column_observations WHERE evidence_hash = ? ORDER BY id DESC LIMIT 1`).get(hash) as Omit<EvidenceCapture, 'statusCode' | 'viaBrowser'> | undefined;
  const capture = fetched ? { ...fetched, viaBrowser: fetched.viaBrowser === 1 }
    : listed ? { ...listed, statusCode: null, viaBrowser: false } : null;
  return { ...row, charset: charset ?? null, capture };
}

/**
 * Whether a body is evidence about this unit: a request of its crawl returned it, a column row or an item of
 * its cites it, or its ledger or rechecks do. A unit account may open only such evidence.
 */
export function evidenceBelongsTo(db: Db, unitId: string, hash: string): boolean {
  return db.prepare(`SELECT 1 WHERE
      EXISTS (SELECT 1 FROM column_observations WHERE evidence_hash = @hash AND unit_id = @unit)
      OR EXISTS (SELECT 1 FROM fetches WHERE evidence_hash = @hash AND status_code IS NOT 304 AND unit_id = @unit)
      OR EXISTS (SELECT 1 FROM findings WHERE unit_id = @unit AND @hash IN (opened_evidence, last_evidence, fixed_evidence))
      OR EXISTS (SELECT 1 FROM recheck_findings rf JOIN rechecks r ON r.id = rf.recheck_id
        WHERE r.unit_id = @unit AND @hash IN (rf.before_evidence, rf.after_evidence))`).get({ hash, unit: unitId }) !== undefined;
}
