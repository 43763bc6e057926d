import type { ProbeStats } from '../src/store/probe-stats.js';
import type { PlatformScore } from '../src/scoring/platform.js';
import { addDays } from '../src/time/dates.js';
import { siteVetoes, type SiteVetoEvidence } from '../src/scoring/site-vetoes.js';
import { addMonths } from '../src/scoring/timeliness-util.js';
import { siteFacts, type UnitCensusFacts } from '../src/scoring/site-facts.js';
import { censusKey } from '../src/census/discover.js';
import type { LetterView, TimelinessView } from './timeliness-view.js';

/** The national website checks' single-veto rules (domain.md), judged on what zwgk has seen. */
export type VetoStatus = 'veto' | 'ok' | 'unknown';

export interface VetoCheck {
  id: 'stale-columns' | 'blank-columns' | 'homepage' | 'unreachable' | 'unanswered-letters';
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
}

export function vetoChecks(input: VetoInput): VetoCheck[] {
  const { platform, probes, asOf } = input;
  const site = siteFacts({ platform: platform.columns, census: input.census, asOf, cadenceDays: input.cadenceDays ?? {}, key: censusKey });
  const checks: VetoCheck[] = siteVetoes({ ...site, asOf });

  const share = probes.probes > 0 ? probes.failed / probes.probes : 0;
  const pct = (share * 100).toFixed(1);
  checks.push({
    id: 'unreachable', label: '网站无法访问',
    status: probes.probes < 20 ? 'unknown' : share >= 0.05 ? 'veto' : 'ok',
    detail: probes.probes < 20
      ? `近 7 天仅有 ${probes.probes} 次访问记录，不足以判断（标准：一周内每天 20 次以上探测，5% 以上失败即否决）`
      : `近 7 天 ${probes.days} 次夜间检查共访问 ${probes.probes} 次，失败（超时、连接失败、服务器错误）${probes.failed} 次，占 ${pct}%（达到 5% 即否决）`,
  });

  if (!input.mailbox) {
    checks.push({ id: 'unanswered-letters', label: '留言超过 3 个月未回复', status: 'unknown', detail: '信箱数据待接入' });
  } else {
    const limit = addMonths(asOf, -3);
    const yearAgo = addDays(asOf, -365);
    const judged = input.mailbox.entries.some((l) => l.vetoed !== null);
    const late = judged
      ? input.mailbox.entries.filter((l) => l.vetoed === true)
      : input.mailbox.entries.filter((l) => !l.replied && l.submitted !== null && l.submitted.slice(0, 10) < limit && l.submitted.slice(0, 10) >= yearAgo);
    checks.push({
      id: 'unanswered-letters', label: '留言超过 3 个月未回复',
      status: late.length > 0 ? 'veto' : 'ok',
      detail: late.length > 0
        ? `${late.length} 封信件超过 3 个月未回复：${late.slice(0, 5).map((l) => `「${l.title}」（${l.submitted?.slice(0, 10)} 提交）`).join('、')}`
        : '近一年没有超过 3 个月未回复的信件',
    });
  }
  return checks;
}

