import type { ColumnObservation } from '../audit/observation.js';
import type { EvidenceStore } from '../fetch/evidence-store.js';
import { decodeBody } from '../fetch/charset.js';
import type { Fetcher } from '../fetch/types.js';
import type { ContentRepo } from '../store/content-repo.js';
import type { ContentConfig } from './schema.js';
import { attachmentKind, attachmentText } from './attachment-text.js';
import { contentFindings, type CheckedText } from './check-texts.js';
import { pageLinks, pageText } from './page-text.js';
import type { CompiledLexicon } from './wording-check.js';

export interface UnitContentDeps {
  fetcher: Fetcher;
  evidence: EvidenceStore;
  repo: ContentRepo;
  lexicon: CompiledLexicon;
  config: ContentConfig;
  today: string;
}

export interface UnitContentSummary {
  texts: number;
  attachments: number;
  added: number;
  /** Attachments that could not be read, with why (Chinese). */
  problems: string[];
}

/**
 * Checks what tonight's crawl of a unit met for the first time: item titles, the detail pages the crawl
 * read (undated items, link checks) and the xlsx/docx/pdf attachments they link to (capped per unit).
 * Each page is checked once; findings are stored with the page and its body's hash.
 */
export async function checkUnitContent(unitId: string, observations: ColumnObservation[], deps: UnitContentDeps): Promise<UnitContentSummary> {
  const texts: (CheckedText & { key: string })[] = [];
  const itemDates = new Map<string, string | null>();
  for (const o of observations) {
    for (const item of o.items) {
      if (item.url) itemDates.set(item.url, item.date ?? null);
      texts.push({ key: `title:${item.url ?? `${o.columnId}:${item.title}`}`, text: item.title, date: item.date ?? null, pageUrl: item.url ?? o.entryUrl, pageTitle: item.title, evidence: o.evidence ?? null });
    }
  }
  const pages = observations.flatMap((o) => o.fetches.filter((f) => (f.purpose === 'detail' || f.purpose === 'link') && f.outcome === 'ok' && f.evidence));
  const candidates = new Map<string, { url: string; evidence: string }>();
  for (const f of pages) candidates.set(`page:${f.url}`, { url: f.finalUrl, evidence: f.evidence! });
  const known = deps.repo.checkedKeys(unitId, [...texts.map((t) => t.key), ...candidates.keys()]);
  const todo = texts.filter((t) => !known.has(t.key));
  const titles = new Map(todo.map((t) => [t.pageUrl, t.pageTitle]));
  const attachments: { url: string; date: string | null; title: string | null }[] = [];
  for (const [key, page] of candidates) {
    if (known.has(key)) continue;
    const raw = deps.evidence.get(page.evidence);
    if (!raw) continue;
    const html = decodeBody(raw, undefined).text;
    const date = itemDates.get(page.url) ?? null;
    const title = titles.get(page.url) ?? null;
    todo.push({ key, text: pageText(html), date, pageUrl: page.url, pageTitle: title, evidence: page.evidence });
    for (const link of pageLinks(html, page.url)) if (attachmentKind(link)) attachments.push({ url: link, date, title });
  }
  const problems: string[] = [];
  let opened = 0;
  const attachmentKeys = new Set<string>();
  const seenAttachments = deps.repo.checkedKeys(unitId, attachments.map((a) => `file:${a.url}`));
  for (const a of attachments) {
    const key = `file:${a.url}`;
    if (seenAttachments.has(key) || attachmentKeys.has(key) || opened >= deps.config.maxAttachmentsPerUnit) continue;
    attachmentKeys.add(key);
    opened++;
    const name = fileName(a.url);
    const r = await deps.fetcher.fetch({ url: a.url });
    const raw = r.outcome === 'ok' && r.evidence ? deps.evidence.get(r.evidence) : undefined;
    if (!raw) {
      problems.push(`附件「${name}」无法打开（${r.error ?? r.outcome}）`);
      continue;
    }
    try {
      const text = await attachmentText(raw, attachmentKind(a.url)!, name, { maxBytes: deps.config.maxAttachmentBytes, timeoutMs: deps.config.extractTimeoutMs });
      todo.push({ key, text, date: a.date, pageUrl: a.url, pageTitle: a.title ? `${a.title}（附件 ${name}）` : name, evidence: r.evidence ?? null });
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      todo.push({ key, text: '', date: a.date, pageUrl: a.url, pageTitle: name, evidence: r.evidence ?? null });
    }
  }
  const findings = contentFindings(todo, deps.lexicon, deps.today, (v) => deps.repo.valueHash(v));
  const { added } = deps.repo.save(unitId, deps.today, todo.map((t) => t.key), findings);
  return { texts: todo.length, attachments: opened, added, problems };
}

/** The file name of an attachment's URL, for messages (a malformed %-escape is shown as it is). */
function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').pop() || url;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
