import type { ProbeStats } from '../src/store/probe-stats.js';
import type { PlatformScore } from '../src/scoring/platform.js';
import { availabilityVerdict, contentVerdict, unansweredLetters, type AvailabilityRule, type ContentFindingForVeto } from '../src/scoring/national-checks.js';
import type { LetterView, TimelinessView } from './timeliness-view.js';

/** The national website checks' single-veto rules (domain.md), judged on what zwgk has seen. */
export type VetoStatus = 'veto' | 'ok' | 'unknown';

export interface VetoCheck {
  id: 'stale-columns' | 'blank-columns' | 'homepage' | 'unreachable' | 'unanswered-letters' | 'serious-wording';
  label: string;
  status: VetoStatus;
  detail: string;
}

const NEWS_NOTICE = new Set(['news', 'notice', 'policy']);

export interface VetoInput {
  platform: PlatformScore;
  probes: ProbeStats;
  mailbox?: TimelinessView<LetterView>;
  asOf: string;
  /** The probes rule (config `probes:`); default the national one: 20 a day, 7 days, 5 %. */
  probeRule?: AvailabilityRule;
  /** The unit's open content findings; absent: content checks not run (unknown). */
  content?: ContentFindingForVeto[];
}

const NATIONAL_PROBES: AvailabilityRule = { perDay: 20, windowDays: 7, thresholdPercent: 5 };

export function vetoChecks(input: VetoInput): VetoCheck[] {
  const { platform, probes, asOf } = input;
  const checked = platform.columns.filter((c) => c.status !== 'unchecked');
  const stale = platform.columns.filter((c) => c.status === 'stale');
  const staleNewsNotice = stale.filter((c) => NEWS_NOTICE.has(c.category));
  const shouldUpdate = stale.filter((c) => c.cadenceDays !== null);
  const blank = platform.columns.filter((c) => c.status === 'blank');
  const names = (cs: { name: string }[]) => (cs.length ? `：${cs.map((c) => `「${c.name}」`).join('、')}` : '');
  const checks: VetoCheck[] = [];

  checks.push({
    id: 'stale-columns', label: '栏目长期未更新',
    status: checked.length === 0 ? 'unknown' : staleNewsNotice.length >= 5 || shouldUpdate.length >= 10 ? 'veto' : 'ok',
    detail: `动态、通知公告、政策文件类超期未更新 ${staleNewsNotice.length} 个（达到 5 个即否决），应更新栏目超期 ${shouldUpdate.length} 个（达到 10 个即否决）${names(stale)}`,
  });
  checks.push({
    id: 'blank-columns', label: '空白栏目（有栏目无内容）',
    status: checked.length === 0 ? 'unknown' : blank.length >= 5 ? 'veto' : 'ok',
    detail: `空白栏目 ${blank.length} 个（达到 5 个即否决）${names(blank)}`,
  });

  const homepages = platform.columns.filter((c) => c.category === 'homepage');
  if (homepages.length === 0) {
    checks.push({ id: 'homepage', label: '首页两周未更新', status: 'unknown', detail: '未配置首页栏目（category: homepage），无法判断' });
  } else {
    const staleHome = homepages.filter((c) => c.status === 'stale' || c.status === 'blank');
    const unknown = homepages.every((c) => c.status !== 'ok' && c.status !== 'stale' && c.status !== 'blank');
    checks.push({
      id: 'homepage', label: '首页两周未更新',
      status: unknown ? 'unknown' : staleHome.length > 0 ? 'veto' : 'ok',
      detail: unknown ? '首页本次未能检查'
        : staleHome.length > 0
          ? staleHome.map((c) => (c.newestDate ? `首页最新信息发布于 ${c.newestDate}，已超过两周` : '首页没有带日期的信息，视为未更新')).join('；')
          : `首页最新信息发布于 ${homepages.map((c) => c.newestDate).filter(Boolean).join('、')}`,
    });
  }

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
