import type { App } from '../app.js';
import { automatedItem } from '../scheme/schema.js';
import { FindingsRepo, type LedgerFinding } from '../store/findings-repo.js';
import { RechecksRepo, type Recheck, type RecheckFinding } from '../store/rechecks-repo.js';
import { shanghaiDate } from '../time/dates.js';
import type { FixItem } from '../../reports/fix-list.js';
import { findingKeyString } from './current-findings.js';
import { unitFixes, type UnitFixes } from './unit-fixes.js';
import { ContentRepo, type ContentFinding } from '../store/content-repo.js';
import { unitSiteView, type SiteView } from '../../reports/site-facts.js';

/** Broken links the unit page lists (the mails list ten). */
const PAGE_BROKEN_LINKS = 100;

export interface UnitPageData {
  unit: { id: string; name: string };
  asOf: string;
  total: { points: number; max: number; provisional: boolean; pendingItems: number };
  automated: { no: number; name: string; points: number | null; max: number };
  /** The fix list (veto risks first, then recoverable points), each with its ledger row when it has one. */
  fixes: { fix: FixItem; finding: LedgerFinding | undefined }[];
  /** The latest recheck and its outcome per finding (before/after evidence). */
  recheck: { recheck: Recheck; findings: (RecheckFinding & { finding: LedgerFinding | undefined })[] } | null;
  /** Findings fixed, most recent first. */
  fixed: LedgerFinding[];
  /** Open content findings (wording, typos, personal data stored masked); null when content checks are off. */
  content: ContentFinding[] | null;
  /** The latest census's broken links and columns, and the availability probes. */
  site: SiteView;
}

/**
 * Everything the unit page shows, from the same functions as the CLI and the mails. `fixes` is the unit's
 * `unitFixes` as of `asOf` when the caller keeps them (scoring is the costly part); computed otherwise.
 */
export function unitPageData(app: App, unitId: string, asOf = shanghaiDate(app.clock.now()), fixes?: UnitFixes): UnitPageData | undefined {
  const unit = app.loaded.config.units.find((u) => u.id === unitId);
  if (!unit) return undefined;
  const u = fixes ?? unitFixes(app, asOf, [unitId]).get(unitId)!;
  const findings = new FindingsRepo(app.db);
  const ledger = findings.forUnit(unitId);
  const byKey = new Map(ledger.map((f) => [findingKeyString(f), f]));
  const auto = automatedItem(app.loaded.scheme);
  const autoResult = u.score.items.find((i) => i.no === auto.no);
  const base = u.score.items.filter((i) => i.section === 'base').reduce((n, i) => n + (i.max ?? 0), 0);
  const rechecks = new RechecksRepo(app.db);
  const latest = rechecks.latestFor(unitId);
  return {
    unit: { id: unit.id, name: unit.name },
    asOf,
    total: { points: u.score.total, max: base, provisional: u.score.provisional, pendingItems: u.score.pendingItems.length },
    automated: { no: auto.no, name: autoResult?.name ?? '政务信息公开', points: autoResult?.points ?? null, max: autoResult?.max ?? 0 },
    fixes: u.fixes.map((fix) => ({ fix, finding: byKey.get(findingKeyString({ unitId, subject: fix.key.columnId, kind: fix.key.kind })) })),
    recheck: latest ? { recheck: latest, findings: rechecks.findings(latest.id).map((rf) => ({ ...rf, finding: findings.get(rf.findingId) })) } : null,
    content: app.loaded.config.content.enabled ? new ContentRepo(app.db).list({ unitId, statuses: ['open'], upTo: asOf }) : null,
    site: unitSiteView(app.db, unitId, asOf, app.loaded.config.probes.windowDays, PAGE_BROKEN_LINKS),
    fixed: ledger.filter((f) => f.status === 'fixed').sort((a, b) => (b.fixedOn ?? '').localeCompare(a.fixedOn ?? '')).slice(0, 20),
  };
}
