import type { MailboxScore, LetterScore } from '../src/scoring/mailbox.js';
import type { ApplicationsScore, CaseScore } from '../src/scoring/applications.js';
import type { UnmatchedName } from '../src/scoring/timeliness-facts.js';

export interface TimelinessLine {
  severity: 'lost' | 'cannot-check' | 'info';
  text: string;
}

const TYPE_ZH = { consultation: '咨询', suggestion: '建议', complaint: '投诉', help: '求助' } as const;

function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

export function mailboxSummary(m: MailboxScore): string {
  const letters = m.letters.length;
  const sat = m.satisfaction.rate === null ? '无评价' : `${pct(m.satisfaction.rate)}（${m.satisfaction.satisfied}/${m.satisfaction.rated}）`;
  const judged = letters === 0 ? '考核期内没有信件，记满分' : `${letters} 封信件，${m.counted} 封已可判定，其中 ${m.onTimeCount} 封按时`;
  return `信箱回复：${m.score} / ${m.max}（${judged}${m.vetoed ? '；有信件超过期限未回复，本项计 0 分' : ''}；满意率 ${sat}）`;
}

function letterName(l: LetterScore): string {
  const type = l.type ? `［${TYPE_ZH[l.type]}］` : '';
  return `${type}《${l.title}》（${l.id}）`;
}

/** The letters that cost points or could not be judged, in Chinese. */
export function mailboxFindings(m: MailboxScore): TimelinessLine[] {
  const out: TimelinessLine[] = [];
  for (const l of m.letters) {
    const veto = l.vetoed ? '，超过 3 个月未回复（单项否决）' : '';
    if (l.status === 'late') out.push({ severity: 'lost', text: `${letterName(l)}${l.submitted} 提交，${l.replied} 回复，用 ${l.workdays} 个工作日，超过时限 ${l.limit} 个工作日${veto}` });
    else if (l.status === 'overdue') out.push({ severity: 'lost', text: `${letterName(l)}${l.submitted} 提交，至今未回复，已过 ${l.workdays} 个工作日，时限 ${l.limit} 个工作日${veto}` });
    else if (l.status === 'no-reply-date') out.push({ severity: 'cannot-check', text: `${letterName(l)}显示已回复，但页面上没有回复时间，无法判断是否按时` });
    else if (l.status === 'no-submitted-date') out.push({ severity: 'cannot-check', text: `${letterName(l)}尚未读到提交时间` });
    for (const e of l.events) {
      const what = e.kind === 'reply-appeared' ? '出现回复' : e.kind === 'reply-changed' ? `回复有改动（回复时间 ${e.before ?? '无'} → ${e.after ?? '无'}）` : `原有回复（${e.before ?? '无时间'}）已从页面消失`;
      out.push({ severity: 'info', text: `${letterName(l)}${e.on} 检查时发现${what}` });
    }
  }
  return out;
}

export function applicationsSummary(a: ApplicationsScore): string {
  const judged = a.cases.length === 0 ? '考核期内没有依申请公开件，记满分' : `${a.cases.length} 件，${a.counted} 件已可判定，其中 ${a.onTimeCount} 件按时`;
  return `依申请公开：${a.score} / ${a.max}（${judged}）`;
}

function caseName(c: CaseScore): string {
  const extended = c.extended ? '，已延期' : '';
  const correction = c.correction ? `，补正后 ${c.correctionReceived ?? '（未收到）'} 重新计时` : '';
  return `申请 ${c.id}（${c.received} 收到${correction}${extended}）`;
}

export function applicationsFindings(a: ApplicationsScore): TimelinessLine[] {
  const out: TimelinessLine[] = [];
  for (const c of a.cases) {
    if (c.status === 'late') out.push({ severity: 'lost', text: `${caseName(c)}${c.replied} 答复，用 ${c.workdays} 个工作日，超过时限 ${c.limit} 个工作日` });
    else if (c.status === 'overdue') out.push({ severity: 'lost', text: `${caseName(c)}至今未答复，已过 ${c.workdays} 个工作日，时限 ${c.limit} 个工作日` });
    else if (c.status === 'extension-unknown') {
      out.push({ severity: 'info', text: `${caseName(c)}${c.replied} 答复，用 ${c.workdays} 个工作日；登记表未注明是否延期，无法判断是否逾期，不计入统计` });
    }
    if (c.lateCorrectionNotice) out.push({ severity: 'info', text: `${caseName(c)}补正告知日期 ${c.correctionNotice} 超过收到申请后 7 个工作日` });
  }
  return out;
}

export function unmatchedLines(names: UnmatchedName[]): string[] {
  return names.map((n) => {
    const counts = [n.letters ? `信件 ${n.letters} 封` : '', n.cases ? `依申请公开 ${n.cases} 件` : ''].filter(Boolean).join('，');
    return `${n.name || '（未注明办理单位）'}：${counts}`;
  });
}
