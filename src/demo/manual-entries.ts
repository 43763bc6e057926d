import type { UnitType } from '../config/schema.js';
import type { ManualValue } from '../manual/values.js';

/**
 * The inspectors' entries in the demo: four units entered in full (final totals, ranked), two in part
 * (provisional, not ranked by total), two not yet (item 9 ranked on its own shows them).
 */
function entries(type: UnitType, overrides: Record<number, ManualValue> = {}): Record<number, ManualValue> {
  const base = type === 'town' || type === 'subdistrict';
  const out: Record<number, ManualValue> = {
    1: { met: ['分管领导', '研究部署', '协调解决'] },
    2: { met: ['工作机构', '专职人员', '经费保证'] },
    3: { met: base ? ['开放日制度', '保密审核制度', '公众代表清单', '协商事项清单', '基层目录'] : ['开放日制度', '保密审核制度', '公众代表清单', '领域目录'] },
    4: { met: ['落实审查制度'] },
    5: type === 'department' ? { points: 8, reason: '主要领导进大厅 2 次，部分场次未公开' } : { count: 1 },
    7: { points: 13, reason: '专区已建成，查阅点未配备检索电脑' },
    8: { count: 0 },
    10: { points: 12, reason: '上级交办任务按时完成，政策解读数量不足' },
    11: { met: [] },
    12: { count: 0 },
  };
  if (base) out[6] = { count: 2 };
  return { ...out, ...overrides };
}

const pick = (all: Record<number, ManualValue>, items: number[]) => Object.fromEntries(items.map((no) => [no, all[no]]));

export function demoManualEntries(types: Map<string, UnitType>): { unitId: string; itemNo: number; value: ManualValue; evidence: string }[] {
  const plan: Record<string, Record<number, ManualValue>> = {
    yunling: entries('town', { 5: { count: 2 }, 6: { count: 3 }, 7: { points: 15, reason: '按标准建成' }, 10: { points: 14, reason: '任务全部完成' } }),
    wangjiang: entries('subdistrict', { 8: { count: 1 } }),
    fgj: entries('department', { 11: { met: ['先进经验'] } }),
    spj: entries('approval-bureau', { 12: { count: 1 } }),
    shiqiao: pick(entries('town'), [1, 2, 5, 7]),
    jyj: pick(entries('department'), [1, 2]),
  };
  return Object.entries(plan).filter(([id]) => types.has(id)).flatMap(([unitId, values]) =>
    Object.entries(values).map(([no, value]) => ({ unitId, itemNo: Number(no), value, evidence: '演示数据：考核组现场检查记录' })));
}
