import { join, resolve } from 'node:path';
import { loadScheme } from '../src/config/load.js';
import type { UnitType } from '../src/config/schema.js';
import type { Scheme } from '../src/scheme/schema.js';
import type { ManualValue } from '../src/manual/values.js';
import type { AssessmentUnit, AutomatedParts } from '../src/scoring/assessment.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCHEME_2021 = join(ROOT, 'config/schemes/yanjiang-2021.yaml');
export const SCHEME_2022 = join(ROOT, 'config/schemes/yanjiang-2022.yaml');

/**
 * The shipped scheme with item 9 split into its three parts (platform 20, mailbox 5, applications 5), so a
 * unit with all three sub-scores is complete whether or not the mailbox parts are in the file yet.
 * Assessment reads only each part's `max`.
 */
export function scheme2021(file = SCHEME_2021): Scheme {
  const scheme = loadScheme(file);
  const item9 = scheme.items.find((i) => i.kind === 'automated')!;
  (item9 as { parts: Record<string, unknown> }).parts = { ...item9.parts, mailbox: { max: 5 }, applications: { max: 5 } };
  return scheme;
}

export function fullAutomated(overrides: Partial<AutomatedParts> = {}): AutomatedParts {
  return {
    platform: { score: 20, max: 20 }, mailbox: { score: 5, max: 5 }, applications: { score: 5, max: 5 },
    satisfactionRate: null, ...overrides,
  };
}

/** Entries giving full marks on every manual item for the unit type, no bonus report, no 通报批评. */
export function fullEntries(type: UnitType): Record<number, ManualValue> {
  const town = type === 'town' || type === 'subdistrict';
  const entries: Record<number, ManualValue> = {
    1: { met: ['分管领导', '研究部署', '协调解决'] },
    2: { met: ['工作机构', '专职人员', '经费保证'] },
    3: { met: town ? ['开放日制度', '保密审核制度', '公众代表清单', '协商事项清单', '基层目录'] : ['开放日制度', '保密审核制度', '公众代表清单', '领域目录'] },
    4: { met: ['落实审查制度'] },
    5: type === 'department' ? { points: 10, reason: '按要求开展主要领导进大厅活动' } : { count: 2 },
    7: { points: 15, reason: '按标准建成' },
    8: { count: 0 },
    10: { points: 14, reason: '任务全部完成' },
    11: { met: [] },
    12: { count: 0 },
  };
  if (town) entries[6] = { count: 3 };
  return entries;
}

export function unit(
  id: string, type: UnitType, values: Record<number, ManualValue | undefined>, automated: AutomatedParts = fullAutomated(),
): AssessmentUnit {
  const entries = new Map<number, AssessmentUnit['entries'] extends Map<number, infer E> ? E : never>();
  for (const [no, value] of Object.entries(values)) {
    if (value) entries.set(Number(no), { value, enteredBy: '张三', enteredAt: '2022-01-05T02:00:00.000Z', evidence: null, source: 'cli' });
  }
  return { id, name: `单位${id}`, type, automated, entries };
}
