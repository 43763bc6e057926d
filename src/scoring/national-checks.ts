import { addMonths } from './timeliness-util.js';
import { addDays } from '../time/dates.js';

/** The national website checks' single-veto rules (国办秘函〔2019〕19号), judged on stored facts. */
export type VetoStatus = 'veto' | 'ok' | 'unknown';

export interface AvailabilityRule {
  perDay: number;
  windowDays: number;
  thresholdPercent: number;
}

export interface AvailabilityVerdict {
  status: VetoStatus;
  probes: number;
  failed: number;
  /** Failed share in percent, one decimal; null with no probe. */
  failedPercent: number | null;
  detail: string;
}

/**
 * 站点无法访问: the site fails when at least `thresholdPercent` of the probes of the window got no page
 * within the limit. Fewer probes than one day's worth cannot be judged (and cost nothing).
 */
export function availabilityVerdict(c: { probes: number; failed: number; days: number }, rule: AvailabilityRule): AvailabilityVerdict {
  const percent = c.probes > 0 ? Math.round((c.failed / c.probes) * 1000) / 10 : null;
  const standard = `标准：连续 ${rule.windowDays} 天、每天 ${rule.perDay} 次以上访问首页，${rule.thresholdPercent}% 以上未能在 15 秒内打开即单项否决`;
  if (c.probes < rule.perDay) {
    return { status: 'unknown', probes: c.probes, failed: c.failed, failedPercent: percent, detail: `近 ${rule.windowDays} 天仅有 ${c.probes} 次可用性探测，不足一天的次数，无法判断（${standard}）` };
  }
  const veto = c.failed * 100 >= rule.thresholdPercent * c.probes;
  return {
    status: veto ? 'veto' : 'ok', probes: c.probes, failed: c.failed, failedPercent: percent,
    detail: `近 ${rule.windowDays} 天（${c.days} 天有记录）探测首页 ${c.probes} 次，未能打开 ${c.failed} 次，占 ${percent}%（达到 ${rule.thresholdPercent}% 即否决）`,
  };
}

/** A letter as the rule needs it: the scored letter of the mailbox part, with its page as evidence. */
export interface LetterForVeto {
  id: string;
  title: string;
  url: string | null;
  submitted: string | null;
  replied: string | null;
  status: string | null;
}

export interface UnansweredVerdict {
  status: VetoStatus;
  letters: (LetterForVeto & { deadline: string })[];
  detail: string;
}

/**
 * 互动回应差: a letter submitted in the year before `asOf` that went unanswered for more than `months`
 * months (still open past that, or answered after it). A letter whose submission date is unknown, or
 * answered without a shown date, cannot be judged and is left out.
 */
export function unansweredLetters(letters: LetterForVeto[], asOf: string, months = 3): UnansweredVerdict {
  const yearAgo = addDays(asOf, -365);
  const late: UnansweredVerdict['letters'] = [];
  for (const l of letters) {
    const submitted = l.submitted?.slice(0, 10);
    if (!submitted || submitted < yearAgo || submitted > asOf || l.status === 'no-reply-date') continue;
    const deadline = addMonths(submitted, months);
    const replied = l.replied?.slice(0, 10) ?? null;
    if (replied ? replied > deadline : asOf > deadline) late.push({ ...l, deadline });
  }
  return {
    status: late.length > 0 ? 'veto' : 'ok',
    letters: late,
    detail: late.length > 0
      ? `${late.length} 封信件超过 ${months} 个月未回复：${late.slice(0, 5).map((l) => `「${l.title}」（${l.submitted?.slice(0, 10)} 提交）${l.replied ? `${l.replied.slice(0, 10)} 才回复` : '至今未回复'}`).join('、')}`
      : `近一年没有超过 ${months} 个月未回复的信件`,
  };
}

/** A stored content finding as the rules need it. */
export interface ContentFindingForVeto {
  id: number;
  category: string;
  severity: 'serious' | 'deduction';
  matched: string;
  expected: string | null;
  sentence: string;
  pageUrl: string;
}

export interface ContentVerdict {
  /** 严重表述错误: any open serious finding is a veto candidate (the office confirms it). */
  serious: VetoStatus;
  seriousFindings: ContentFindingForVeto[];
  /** Typos, outdated names and personal data: deductions, per category. */
  deductions: { category: string; count: number }[];
  detail: string;
}

export function contentVerdict(findings: ContentFindingForVeto[]): ContentVerdict {
  const serious = findings.filter((f) => f.severity === 'serious');
  const counts = new Map<string, number>();
  for (const f of findings) if (f.severity === 'deduction') counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  return {
    serious: serious.length > 0 ? 'veto' : 'ok',
    seriousFindings: serious,
    deductions: [...counts].map(([category, count]) => ({ category, count })),
    detail: serious.length > 0
      ? `${serious.length} 处疑似严重表述错误（待政务公开办确认）：${serious.slice(0, 3).map((f) => `「${f.matched}」应为「${f.expected ?? ''}」`).join('、')}`
      : '未发现领导人姓名、职务等严重表述错误',
  };
}
