import type { ProbeStats } from '../src/store/probe-stats.js';
import type { PlatformScore } from '../src/scoring/platform.js';
import { addDays } from '../src/time/dates.js';
import type { LetterView, TimelinessView } from './timeliness-view.js';

/** The national website checks' single-veto rules (domain.md), judged on what zwgk has seen. */
export type VetoStatus = 'veto' | 'ok' | 'unknown';

export interface VetoCheck {
  id: 'stale-columns' | 'blank-columns' | 'homepage' | 'unreachable' | 'unanswered-letters';
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
}

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

/** The same day `months` calendar months away, clamped to the month's end. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
