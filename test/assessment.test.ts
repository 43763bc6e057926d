import { describe, expect, it } from 'vitest';
import { assessDistrict, type AssessmentUnit } from '../src/scoring/assessment.js';
import { valueProblems, findItem } from '../src/manual/values.js';
import { rankDescending, roundHalfUp } from '../src/scoring/item-rules.js';
import type { Scheme } from '../src/scheme/schema.js';
import { fullAutomated, fullEntries, scheme2021, unit } from './assessment-helpers.js';

const scheme = scheme2021();

function assessOne(u: AssessmentUnit, s: Scheme = scheme) {
  return assessDistrict(s, [u]).get(u.id)!;
}

function itemPoints(u: AssessmentUnit, no: number, s: Scheme = scheme): number | null {
  return assessOne(u, s).items.find((i) => i.no === no)!.points;
}

describe('2021 scheme rules', () => {
  it('gives full marks to a unit meeting everything: 100 + 3', () => {
    for (const type of ['town', 'subdistrict', 'department', 'approval-bureau'] as const) {
      const a = assessOne(unit('u', type, fullEntries(type)));
      expect(a.base, type).toBe(100);
      expect(a.bonus, type).toBe(3);
      expect(a.total, type).toBe(103);
      expect(a.provisional, type).toBe(false);
      expect(a.pendingItems, type).toEqual([]);
    }
  });

  it('item 5: a town with 1 and 2 open days gets 7 and 10, a department judged 8 gets 8', () => {
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 5: { count: 1 } }), 5)).toBe(7);
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 5: { count: 2 } }), 5)).toBe(10);
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 5: { count: 0 } }), 5)).toBe(0);
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 5: { count: 4 } }), 5)).toBe(10);
    expect(itemPoints(unit('b', 'approval-bureau', { ...fullEntries('approval-bureau'), 5: { count: 1 } }), 5)).toBe(7);
    const dept = assessOne(unit('d', 'department', { ...fullEntries('department'), 5: { points: 8, reason: '分管领导进大厅 3 次' } }));
    const item5 = dept.items.find((i) => i.no === 5)!;
    expect(item5.points).toBe(8);
    expect(item5.detail).toContain('分管领导进大厅 3 次');
  });

  it('item 5 takes a count from a town and points from a department, nothing else', () => {
    const item5 = findItem(scheme, 5)!;
    expect(valueProblems(item5, 'department', { count: 2 })[0]).toMatch(/对区级部门应录入得分和理由/);
    expect(valueProblems(item5, 'town', { points: 8, reason: 'x' })[0]).toMatch(/对镇应录入次数/);
    expect(valueProblems(item5, 'department', { points: 10.5, reason: 'x' })[0]).toMatch(/超过赋分 10/);
    expect(valueProblems(item5, 'department', { points: 8, reason: ' ' })[0]).toMatch(/必须说明理由/);
    expect(valueProblems(item5, 'town', { count: -1 })[0]).toMatch(/不小于 0 的整数/);
    expect(valueProblems(findItem(scheme, 1)!, 'town', { met: ['分管领导', '不存在'] })[0]).toMatch(/没有适用于镇的评分标准「不存在」/);
    expect(valueProblems(findItem(scheme, 3)!, 'department', { met: ['基层目录'] })).toHaveLength(1);
    expect(valueProblems(findItem(scheme, 9)!, 'town', { count: 1 })[0]).toMatch(/自动计分/);
  });

  it('item 6: 2 and 3 协商 events get 3 and 5; 1 event gets 0', () => {
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 6: { count: 2 } }), 6)).toBe(3);
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 6: { count: 3 } }), 6)).toBe(5);
    expect(itemPoints(unit('t', 'subdistrict', { ...fullEntries('subdistrict'), 6: { count: 1 } }), 6)).toBe(0);
  });

  it('item 8: new media with 1, 2, 3 (and 4) 通报 get 4, 3, 0 (and 0)', () => {
    const pts = [1, 2, 3, 4].map((count) => itemPoints(unit('t', 'town', { ...fullEntries('town'), 8: { count } }), 8));
    expect(pts).toEqual([4, 3, 0, 0]);
  });

  it('item 12: 2 通报批评 deduct 10, without cap', () => {
    const a = assessOne(unit('t', 'town', { ...fullEntries('town'), 12: { count: 2 } }));
    expect(a.deductions).toBe(10);
    expect(a.items.find((i) => i.no === 12)!.points).toBe(-10);
    expect(a.total).toBe(100 + 3 - 10);
    const many = assessOne(unit('t', 'town', { ...fullEntries('town'), 12: { count: 25 } }));
    expect(many.total).toBe(103 - 125);
  });

  it('item 3: lists apply by unit type, each missing one loses its share', () => {
    expect(itemPoints(unit('t', 'town', { ...fullEntries('town'), 3: { met: ['开放日制度', '公众代表清单', '基层目录'] } }), 3)).toBe(7);
    expect(itemPoints(unit('d', 'department', { ...fullEntries('department'), 3: { met: ['保密审核制度', '领域目录'] } }), 3)).toBe(5.5);
  });

  it('bonus +3: base exactly 90 earns it, 89.9 does not; the comparison uses the rounded base', () => {
    const at90 = assessOne(unit('t', 'town', { ...fullEntries('town'), 7: { points: 5, reason: '专区未完成' } }));
    expect(at90.base).toBe(90);
    expect(at90.bonus).toBe(3);
    expect(at90.bonusParts.find((p) => p.id === '总评90分')!.status).toBe('earned');
    const below = assessOne(unit('t', 'town', { ...fullEntries('town'), 7: { points: 5, reason: '专区未完成' } },
      fullAutomated({ platform: { score: 19.9, max: 20 } })));
    expect(below.base).toBe(89.9);
    expect(below.bonus).toBe(0);
    expect(below.provisional).toBe(false);
    expect(below.bonusParts.find((p) => p.id === '总评90分')!.status).toBe('not-earned');
    const roundsUp = assessOne(unit('t', 'town', { ...fullEntries('town'), 7: { points: 5, reason: '专区未完成' } },
      fullAutomated({ platform: { score: 19.995, max: 20 } })));
    expect(roundsUp.base).toBe(90);
    expect(roundsUp.bonus).toBe(3);
  });

  it('bonus: the manual +5 part and the cap of 10', () => {
    const a = assessOne(unit('t', 'town', { ...fullEntries('town'), 11: { met: ['先进经验'] } }, fullAutomated({ satisfactionRate: 1 })));
    expect(a.bonus).toBe(10);
    const capped = structuredClone(scheme);
    const bonus = capped.items.find((i) => i.kind === 'bonus')!;
    bonus.max = 6;
    const c = assessOne(unit('t', 'town', { ...fullEntries('town'), 11: { met: ['先进经验'] } }, fullAutomated({ satisfactionRate: 1 })), capped);
    expect(c.bonus).toBe(6);
    expect(c.items.find((i) => i.no === 11)!.detail).toContain('超过上限，按 6 计');
  });

  it('satisfaction rank top 3 earns +2; ties share a rank (1, 2, 2, 4) and can let four units in', () => {
    const rates = { a: 1, b: 0.95, c: 0.95, d: 0.9, e: null };
    const units = Object.entries(rates).map(([id, r]) => unit(id, 'town', fullEntries('town'), fullAutomated({ satisfactionRate: r })));
    const out = assessDistrict(scheme, units);
    expect([...out.values()].map((a) => a.satisfactionRank)).toEqual([1, 2, 2, 4, null]);
    expect([...out.values()].map((a) => a.bonus)).toEqual([5, 5, 5, 3, 3]);
    expect(out.get('e')!.bonusParts.find((p) => p.id === '满意率前3名')!.detail).toContain('无已评价的信件');

    const tiedThird = { a: 1, b: 0.95, c: 2 / 3, d: 4 / 6, e: 0.5 };
    const out2 = assessDistrict(scheme, Object.entries(tiedThird).map(([id, r]) => unit(id, 'town', fullEntries('town'), fullAutomated({ satisfactionRate: r }))));
    expect([...out2.values()].map((a) => a.satisfactionRank)).toEqual([1, 2, 3, 3, 5]);
    expect([...out2.values()].map((a) => a.bonus)).toEqual([5, 5, 5, 5, 3]);
  });

  it('a satisfaction rate not computed yet leaves the +2 pending, never a silent zero', () => {
    const a = assessOne(unit('t', 'town', fullEntries('town'), fullAutomated({ satisfactionRate: undefined })));
    expect(a.bonusParts.find((p) => p.id === '满意率前3名')!.status).toBe('pending');
    expect(a.provisional).toBe(true);
  });

  it('ranks final totals with ties sharing a rank', () => {
    const units = [
      unit('a', 'town', { ...fullEntries('town'), 7: { points: 10, reason: '进度过半' } }),
      unit('b', 'town', fullEntries('town')),
      unit('c', 'subdistrict', fullEntries('subdistrict')),
      unit('d', 'department', { ...fullEntries('department'), 12: { count: 1 } }),
    ];
    const out = assessDistrict(scheme, units);
    expect([...out.values()].map((a) => [a.total, a.rank])).toEqual([[98, 3], [103, 1], [103, 1], [98, 3]]);
  });
});

describe('not-applicable items', () => {
  it('item 6 does not apply to departments: left out and the base rescaled to 100', () => {
    const full = assessOne(unit('d', 'department', fullEntries('department')));
    const item6 = full.items.find((i) => i.no === 6)!;
    expect(item6.status).toBe('not-applicable');
    expect(item6.points).toBeNull();
    expect(full.base).toBe(100);
    // 95 applicable points, 85.5 given → 85.5 × 100 / 95 = 90 → +3
    const d = assessOne(unit('d', 'department', { ...fullEntries('department'), 7: { points: 5.5, reason: '专区未完成' } }));
    expect(d.base).toBe(90);
    expect(d.bonus).toBe(3);
    expect(valueProblems(findItem(scheme, 6)!, 'department', { count: 2 })[0]).toMatch(/不适用于区级部门/);
  });

  it('with notApplicable: full the department gets item 6 at full marks', () => {
    const s = structuredClone(scheme);
    delete (s.items.find((i) => i.no === 6) as { notApplicable?: string }).notApplicable;
    const d = assessOne(unit('d', 'department', { ...fullEntries('department'), 7: { points: 5.5, reason: '专区未完成' } }), s);
    expect(d.items.find((i) => i.no === 6)!.points).toBe(5);
    expect(d.base).toBe(90.5);
  });
});

describe('missing entries', () => {
  it('shows items as 待录入 and the total as provisional, never a silent zero', () => {
    const values = fullEntries('town');
    delete values[7];
    delete values[11];
    const a = assessOne(unit('t', 'town', values));
    const item7 = a.items.find((i) => i.no === 7)!;
    expect(item7).toMatchObject({ status: 'pending', points: null, detail: '待录入' });
    expect(a.pendingItems).toEqual([7, 11]);
    expect(a.provisional).toBe(true);
    expect(a.base).toBe(85);
    expect(a.bonusParts.find((p) => p.id === '总评90分')!.status).toBe('pending');
    expect(a.bonusParts.find((p) => p.id === '先进经验')!.status).toBe('pending');
  });

  it('item 9 without its mailbox and application parts is partial and provisional', () => {
    const a = assessOne(unit('t', 'town', fullEntries('town'), { platform: { score: 18, max: 20 } }));
    const item9 = a.items.find((i) => i.no === 9)!;
    expect(item9.status).toBe('partial');
    expect(item9.points).toBe(18);
    expect(item9.detail).toContain('市(区)长信箱办理回复 待接入');
    expect(a.provisional).toBe(true);
    expect(a.pendingItems).toEqual([]);
    const unchecked = assessOne(unit('t', 'town', fullEntries('town'), { platform: { score: null, max: 20 } }));
    expect(unchecked.items.find((i) => i.no === 9)!).toMatchObject({ status: 'pending', points: null });
  });

  it('an entry the scheme no longer accepts is shown as invalid, not scored', () => {
    const a = assessOne(unit('t', 'town', { ...fullEntries('town'), 1: { met: ['旧标准'] } }));
    expect(a.items.find((i) => i.no === 1)!.status).toBe('invalid');
    expect(a.pendingItems).toContain(1);
    expect(a.provisional).toBe(true);
  });
});

describe('helpers', () => {
  it('rounds half up without binary noise and ranks with ties', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(89.995, 2)).toBe(90);
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect([...rankDescending(new Map([['a', 3], ['b', 5], ['c', 5], ['d', null]])).values()]).toEqual([3, 1, 1, null]);
  });
});
