import type { App } from '../src/app.js';
import type { UnitScore } from '../src/scoring/score-unit.js';
import { availabilityVerdict, contentVerdict, unansweredLetters, type AvailabilityVerdict, type UnansweredVerdict, type VetoStatus } from '../src/scoring/national-checks.js';
import { ContentRepo } from '../src/store/content-repo.js';
import { probeStatsByUnit } from '../src/store/probe-stats.js';
import { CONTENT_CATEGORY_ZH } from './content-findings.js';

/** One unit's national single-veto checks and content deductions, for `zwgk score --json` (`nationalChecks`). */
export interface NationalChecksDoc {
  unreachable: AvailabilityVerdict;
  unansweredLetters: Omit<UnansweredVerdict, 'letters'> & { letters: { id: string; title: string; url: string | null; submitted: string | null; replied: string | null; deadline: string }[] };
  seriousWording: { status: VetoStatus; detail: string };
  /** Open content findings; personal numbers appear only masked. */
  contentFindings: { id: number; category: string; label: string; severity: string; matched: string; expected: string | null; sentence: string; pageUrl: string; evidence: string | null; foundOn: string }[];
}

/** Per unit id: what the probes, the letters and the content checks say as of `asOf`. Two indexed queries for the district. */
export function nationalChecks(app: App, asOf: string, units: UnitScore[]): Record<string, NationalChecksDoc> {
  const { config } = app.loaded;
  const probes = probeStatsByUnit(app.db, units.map((u) => u.id), asOf, config.probes.windowDays);
  const findings = new ContentRepo(app.db).list({ statuses: ['open'], upTo: asOf });
  const out: Record<string, NationalChecksDoc> = {};
  for (const u of units) {
    const mine = findings.filter((f) => f.unitId === u.id);
    const letters = unansweredLetters(u.mailbox?.letters ?? [], asOf);
    const content = contentVerdict(mine);
    out[u.id] = {
      unreachable: availabilityVerdict(probes.get(u.id)!, config.probes),
      unansweredLetters: { ...letters, letters: letters.letters.map((l) => ({ id: l.id, title: l.title, url: l.url, submitted: l.submitted, replied: l.replied, deadline: l.deadline })) },
      seriousWording: config.content.enabled ? { status: content.serious, detail: content.detail } : { status: 'unknown', detail: '内容检查未开启（content.enabled: false）' },
      contentFindings: mine.map((f) => ({
        id: f.id, category: f.category, label: CONTENT_CATEGORY_ZH[f.category] ?? f.category, severity: f.severity, matched: f.matched,
        expected: f.expected, sentence: f.sentence, pageUrl: f.pageUrl, evidence: f.evidence, foundOn: f.foundOn,
      })),
    };
  }
  return out;
}
