import type { ContentFindingInput } from '../store/content-repo.js';
import { findPersonalData, maskLongNumbers } from './personal-data.js';
import { checkWording, type CompiledLexicon } from './wording-check.js';

/** A text to check: an item title, a detail page's text or an attachment's, with where it was published. */
export interface CheckedText {
  text: string;
  /** The publish date (YYYY-MM-DD) when known. */
  date: string | null;
  pageUrl: string;
  pageTitle: string | null;
  evidence: string | null;
}

/**
 * Every finding in the texts, ready to store: wording hits keyed by their sentence, personal numbers
 * masked and keyed by a keyed hash of the full number (which is not kept).
 */
export function contentFindings(texts: CheckedText[], lexicon: CompiledLexicon, today: string, hash: (value: string) => string): ContentFindingInput[] {
  const out: ContentFindingInput[] = [];
  // A title is also on its page: the same error on the same page is one finding.
  const seen = new Set<string>();
  const push = (f: ContentFindingInput) => {
    const key = `${f.pageUrl}\0${f.rule}\0${f.matched}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  for (const t of texts) {
    const where = { pageUrl: t.pageUrl, pageTitle: t.pageTitle, evidence: t.evidence };
    for (const h of checkWording(t.text, t.date, lexicon)) {
      push({ ...where, category: h.category, severity: h.severity, rule: h.rule, matched: h.matched, expected: h.expected, sentence: maskLongNumbers(h.sentence), valueHash: hash(`${h.rule}\0${h.sentence}`) });
    }
    for (const p of findPersonalData(t.text, t.date ?? today)) {
      push({ ...where, category: p.category, severity: 'deduction', rule: `personal-data:${p.category}`, matched: p.masked, expected: null, sentence: p.sentence, valueHash: hash(p.value) });
    }
  }
  return out;
}
