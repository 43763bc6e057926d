import type { ProbeStats } from '../src/store/probe-stats.js';
import type { PlatformScore } from '../src/scoring/platform.js';
import { addDays } from '../src/time/dates.js';
import { siteVetoes, type SiteVetoEvidence } from '../src/scoring/site-vetoes.js';
import { addMonths } from '../src/scoring/timeliness-util.js';
import { siteFacts, type UnitCensusFacts } from '../src/scoring/site-facts.js';
import { censusKey } from '../src/census/census-key.js';
import { availabilityVerdict, contentVerdict, unansweredLetters, type AvailabilityRule, type ContentFindingForVeto } from '../src/scoring/national-checks.js';
import type { LetterView, TimelinessView } from './timeliness-view.js';

/** The national website checks' single-veto rules (domain.md), judged on what zwgk has seen. */
export type VetoStatus = 'veto' | 'ok' | 'unknown';

export interface VetoCheck {
  id: 'stale-columns' | 'blank-columns' | 'homepage' | 'unreachable' | 'unanswered-letters' | 'serious-wording';
  label: string;
  status: VetoStatus;
  detail: string;
  /** The pages the verdict rests on (column and homepage checks). */
  evidence?: SiteVetoEvidence[];
}

export interface VetoInput {
  platform: PlatformScore;
  probes: ProbeStats;
  mailbox?: TimelinessView<LetterView>;
  asOf: string;
  /** The unit's latest census: its unconfigured columns count too (src/census). */
  census?: UnitCensusFacts;
  /** The scheme's cadence per category, for columns the census found. */
  cadenceDays?: Readonly<Record<string, number | undefined>>;
  /** The probes rule (config `probes:`); default the national one: 20 a day, 7 days, 5 %. */
  probeRule?: AvailabilityRule;
  /** The unit's open content findings; absent: content checks not run (unknown). */
  content?: ContentFindingForVeto[];
}

const NATIONAL_PROBES: AvailabilityRule = { perDay: 20, windowDays: 7, thresholdPercent: 5 };

export function vetoChecks(input: VetoInput): VetoCheck[] {
  const { platform, probes, asOf } = input;
  const site = siteFacts({ platform: platform.columns, census: input.census, asOf, cadenceDays: input.cadenceDays ?? {}, key: censusKey });
  const checks: VetoCheck[] = siteVetoes({ ...site, asOf });

  const availability = availabilityVerdict(probes, input.probeRule ?? NATIONAL_PROBES);
  checks.push({ id: 'unreachable', label: '网站无法访问', status: availability.status, detail: availability.detail });

  if (!input.mailbox) {
    checks.push({ id: 'unanswered-letters', label: '留言超过 3 个月未回复', status: 'unknown', detail: '信箱数据待接入' });
  } else {
    const judged = input.mailbox.entries.some((l) => l.vetoed !== null);
    const verdict = unansweredLetters(judged ? input.mailbox.entries.filter((l) => l.vetoed === true) : input.mailbox.entries, asOf);
    checks.push({ id: 'unanswered-letters', label: '留言超过 3 个月未回复', status: verdict.status, detail: verdict.detail });
  }

  if (!input.content) {
    checks.push({ id: 'serious-wording', label: '严重表述错误', status: 'unknown', detail: '内容检查尚未进行' });
  } else {
    const verdict = contentVerdict(input.content);
    checks.push({ id: 'serious-wording', label: '严重表述错误', status: verdict.serious, detail: verdict.detail });
  }
  return checks;
}

