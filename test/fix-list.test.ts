import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type ColumnConfig } from '../src/config/schema.js';
import { loadScheme } from '../src/config/load.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { fixList, type FixItem } from '../reports/fix-list.js';
import { vetoChecks } from '../reports/veto-alerts.js';
import { mailboxView } from '../reports/timeliness-view.js';
import type { AssessedUnitScore } from '../src/scoring/score-district.js';
import { SCHEME_2021 } from './assessment-helpers.js';
import { recordLetters, recordNights, scoreStored, type ColumnNight } from './district-fixture.js';
import { tempDb } from './helpers.js';

const config = configSchema.parse({
  district: { name: '测试区', period: { start: '2026-01-01', end: '2026-12-31' }, scheme: 'scheme.yaml' },
  web: { baseUrl: 'https://zwgk.example.gov.cn/' },
  units: [
    { id: 'jia', name: '甲镇', type: 'town', columns: [
      { name: '首页', url: 'http://127.0.0.1:9/jia/', category: 'homepage' },
      { name: '工作动态', url: 'http://127.0.0.1:9/jia/gzdt/', category: 'news' },
      { name: '通知公告', url: 'http://127.0.0.1:9/jia/tzgg/', category: 'notice' },
      { name: '人事信息', url: 'http://127.0.0.1:9/jia/rsxx/', category: 'personnel' },
      { name: '机构职能', url: 'http://127.0.0.1:9/jia/jgzn/', category: 'static' },
    ] },
    { id: 'yi', name: '乙局', type: 'department', columns: [
      { name: '工作动态', url: 'http://127.0.0.1:9/yi/gzdt/', category: 'news' },
      { name: '政策文件', id: 'yi-zcwj', url: 'http://127.0.0.1:9/yi/zcwj/', category: 'policy' },
    ] },
  ],
});
const scheme = loadScheme(SCHEME_2021);
const calendar = new WorkCalendar();
const ASOF = '2026-12-10'; // a Thursday; the next working day is Friday 12-11

/** The district as it stands: 甲镇's homepage is stale (a veto), 工作动态 blank, 人事信息 due on 12-12. */
function asItStands(unitId: string, column: ColumnConfig): ColumnNight {
  const key = `${unitId}/${column.name}`;
  switch (key) {
    case 'jia/首页': return { dates: ['2026-11-20'] };
    case 'jia/工作动态': return { status: 'blank', dates: [] };
    case 'jia/通知公告': return { dates: ['2026-12-01'] };
    case 'jia/人事信息': return { dates: ['2025-12-12'] };
    case 'yi/工作动态': return { dates: ['2026-12-05'] };
    case 'yi/政策文件': return { status: 'blank', dates: [] };
    default: return { dates: [] };
  }
}

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
  t = tempDb();
  recordNights(t.db, config, '2026-11-01', ASOF, (u, c) => asItStands(u, c));
  recordLetters(t.db, 'mayor', '2026-12-10', [
    { key: 'L1', title: '路灯维修', handler: '乙局', submittedAt: '2026-11-02 09:00:00', repliedAt: '2026-11-03 10:00:00' },
    { key: 'L2', title: '停车收费', handler: '乙局', submittedAt: '2026-12-09 09:00:00', repliedAt: null },
    { key: 'L3', title: '噪音扰民', handler: '乙局', submittedAt: '2026-09-15 09:00:00', repliedAt: null },
  ]);
});
afterEach(() => t.cleanup());

function fixesFor(unitId: string, asOf = ASOF, columnIds?: Map<string, string>): FixItem[] {
  const scores = scoreStored(t.db, config, scheme, asOf, calendar);
  const score = scores.units.find((u) => u.id === unitId) as AssessedUnitScore;
  const vetoes = vetoChecks({ platform: score.platform, probes: { days: 0, probes: 0, failed: 0 }, mailbox: mailboxView(score), asOf });
  const unit = config.units.find((u) => u.id === unitId)!;
  return fixList({ unit, score, vetoes, scheme, calendar, period: config.district.period, asOf, links: config, columnIds });
}

describe('fix list: what to fix this week', () => {
  it('puts the veto first, tied to its veto box, then what is still recoverable, each with a deadline and evidence', () => {
    const fixes = fixesFor('jia');
    expect(fixes.map((f) => `${f.column}:${f.key.kind}:${f.state}`)).toEqual([
      '首页:stale:failing', '工作动态:blank:failing', '人事信息:stale:due-soon',
    ]);
    expect(fixes[0].veto).toEqual({ id: 'homepage', label: '首页两周未更新', triggered: true });
    expect(fixes.slice(1).every((f) => f.veto === null)).toBe(true);
    expect(fixes[0].deadline).toBe('2026-12-11');
    expect(fixes[0].deadlineNote).toContain('2026-12-05');
    expect(fixes[2].deadline).toBe('2026-12-12');
    expect(fixes[1].recoverable).toBeGreaterThan(fixes[2].recoverable);
    expect(fixes[1].evidence?.link).toBe(`https://zwgk.example.gov.cn/evidence/${fixes[1].evidence?.sha256}?unit=jia`);
    expect(fixes[1].evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('orders by points still recoverable, not by points already lost', () => {
    const fixes = fixesFor('yi');
    const [overdue, open, blank] = fixes;
    expect(overdue.key).toEqual({ unitId: 'yi', columnId: 'letter:mayor:L3', kind: 'letter' });
    expect(overdue.veto).toEqual({ id: 'unanswered-letters', label: '留言超过 3 个月未回复', triggered: false });
    expect(overdue.deadline).toBe('2026-12-15');
    expect(overdue.recoverable).toBe(2.5); // answering before the veto keeps the mailbox part's 2.5 points
    expect(open.key.columnId).toBe('letter:mayor:L2');
    expect(open.deadline).toBe('2026-12-16');
    expect(open.recoverable).toBe(1.67); // 5 / 3: one more letter judged, on time or late
    expect(blank.column).toBe('政策文件');
    expect(blank.lost).toBeGreaterThan(9);
    expect(blank.recoverable).toBeLessThan(1);
    expect(blank.lost).toBeGreaterThan(open.lost);
    expect(fixes).toHaveLength(3);
  });

  it('recoverable points are what fixing by the deadline changes in the score at the period end', () => {
    const before = fixesFor('jia').find((f) => f.column === '工作动态')!;
    const later = (fixed: boolean) => (u: string, c: ColumnConfig, day: string): ColumnNight => {
      if (!fixed || u !== 'jia' || c.name !== '工作动态') return asItStands(u, c);
      return { dates: ['2026-12-11', '2026-12-24'].filter((d) => d <= day) };
    };
    const endScore = (fixed: boolean) => {
      const db = tempDb();
      try {
        recordNights(db.db, config, '2026-11-01', ASOF, (u, c) => asItStands(u, c));
        recordNights(db.db, config, '2026-12-11', '2026-12-31', later(fixed));
        return scoreStored(db.db, config, scheme, '2026-12-31', calendar).units.find((s) => s.id === 'jia')!.platform.score!;
      } finally {
        db.cleanup();
      }
    };
    const gained = endScore(true) - endScore(false);
    expect(gained).toBeGreaterThan(0.2); // 20 points × 21 days / (5 columns × 365 days)
    expect(Math.abs(gained - before.recoverable)).toBeLessThanOrEqual(0.02);
  });

  it('lists a required posting falling due within 30 days and not yet posted, with the deduction it would cost', () => {
    const scores = scoreStored(t.db, config, scheme, ASOF, calendar);
    const score = scores.units.find((u) => u.id === 'yi') as AssessedUnitScore;
    const upcoming = (due: string, postedOn: string | null = null) => ({ column: '政策文件', label: '年度预算', due, postedOn, title: postedOn ? '2027年预算' : null, deduction: 2 });
    const fixesWith = (postings: ReturnType<typeof upcoming>[]) => fixList({
      unit: config.units[1], score: { ...score, platform: { ...score.platform, upcomingPostings: postings } },
      vetoes: [], scheme, calendar, period: config.district.period, asOf: ASOF, links: config,
    }).filter((f) => f.key.kind === 'required-posting');
    const [soon] = fixesWith([upcoming('2026-12-31')]);
    expect(soon).toMatchObject({
      state: 'due-soon', deadline: '2026-12-31', recoverable: 2, lost: 0, column: '政策文件', keyString: 'yi|yi-zcwj|required-posting',
      problem: '栏目「政策文件」应于 2026-12-31 前发布「年度预算」，尚未发布',
    });
    expect(fixesWith([upcoming('2026-12-31', '2026-12-08')])).toEqual([]);
    expect(fixesWith([upcoming('2027-01-20')])).toEqual([]); // more than 30 days ahead
  });

  it('keys each finding by unit, stable column id and kind, the same from week to week', () => {
    const repo = new ObservationsRepo(t.db);
    const resolved = new Map(repo.resolveColumns(config.units[1]).columns.map((c) => [c.column.name, c.columnId]));
    const thisWeek = fixesFor('yi', ASOF, resolved).find((f) => f.column === '政策文件')!;
    const lastWeek = fixesFor('yi', '2026-12-03', resolved).find((f) => f.column === '政策文件')!;
    expect(thisWeek.key).toEqual({ unitId: 'yi', columnId: 'yi-zcwj', kind: 'blank' });
    expect(lastWeek.keyString).toBe(thisWeek.keyString);
    const jia = fixesFor('jia').find((f) => f.column === '工作动态')!;
    const jiaResolved = new Map(repo.resolveColumns(config.units[0]).columns.map((c) => [c.column.name, c.columnId]));
    expect(jia.key.columnId).toBe(jiaResolved.get('工作动态'));
  });
});
