import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScheme } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';
import { assessDistrict } from '../src/scoring/assessment.js';
import { fullEntries, scheme2021, SCHEME_2021, SCHEME_2022, unit } from './assessment-helpers.js';

/** The district office's notice and its attachment, as published (a copy of ../shared/seed). */
const SEED = readFileSync(resolve(import.meta.dirname, 'fixtures/seed/yanjiang-2021-notice.txt'), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, '');

/** The attachment's table rows: 序号, 考核项目, 赋分, 评分标准, 考核方式, 评分情况, 备注 separated by tabs. */
function seedRows(): Map<number, string[]> {
  const rows = new Map<number, string[]>();
  for (const line of SEED.split('\n')) {
    const cells = line.split('\t');
    if (/^\d+$/.test(cells[0]) && cells.length >= 4) rows.set(Number(cells[0]), cells);
  }
  return rows;
}

function schemeErrors(edit: (yaml: string) => string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-scheme-'));
  const file = join(dir, 'scheme.yaml');
  const original = readFileSync(SCHEME_2021, 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  writeFileSync(file, edited);
  try {
    loadScheme(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n').map((l) => l.slice(file.length + 2));
  }
  throw new Error('expected a ConfigError');
}

describe('the shipped 2021 scheme', () => {
  it('reproduces the seed attachment item by item: numbers, names, points and texts', () => {
    const scheme = loadScheme(SCHEME_2021);
    const rows = seedRows();
    expect([...rows.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(scheme.items.map((i) => i.no).sort((a, b) => a - b)).toEqual([...rows.keys()]);
    for (const item of scheme.items) {
      const [, name, points, criteria, method, , remark] = rows.get(item.no)!;
      expect(item.name, `item ${item.no}`).toBe(name);
      expect('max' in item ? String(item.max) : '', `item ${item.no}`).toBe(points ?? '');
      expect(squash(item.criteria ?? ''), `item ${item.no}`).toBe(squash(criteria ?? ''));
      expect(squash(item.method ?? ''), `item ${item.no}`).toBe(squash(method ?? ''));
      expect(squash(item.remark ?? ''), `item ${item.no}`).toBe(squash(remark ?? ''));
    }
    expect(SEED).toContain(scheme.note);
    const base = scheme.items.filter((i) => i.no <= 10).reduce((n, i) => n + (i as { max: number }).max, 0);
    expect(base).toBe(100);
  });

  it('comments every choice the seed leaves open', () => {
    const text = readFileSync(SCHEME_2021, 'utf8');
    for (const phrase of ['notApplicable: full', 'rounding:', 'appliesTo: [department]', 'notApplicable: rescale', '- { count: 2, points: 3 }', 'perCount: 5']) {
      const at = text.indexOf(phrase);
      expect(at, phrase).toBeGreaterThan(0);
      const before = text.slice(0, at).split('\n').slice(-4).join('\n');
      expect(before, phrase).toMatch(/#/);
    }
  });
});

describe('a second year needs no code', () => {
  it('the 2022 scheme changes item 5 only, and the same entries score differently', () => {
    const s21 = loadScheme(SCHEME_2021);
    const s22 = loadScheme(SCHEME_2022);
    expect(s22.id).toBe('yanjiang-2022');
    const changed = s21.items.filter((i) => JSON.stringify(i) !== JSON.stringify(s22.items.find((j) => j.no === i.no)));
    expect(changed.map((i) => i.no)).toEqual([5]);
    const entries = { ...fullEntries('town'), 5: { count: 2 } };
    const a21 = assessDistrict(scheme2021(SCHEME_2021), [unit('t', 'town', entries)]).get('t')!;
    const a22 = assessDistrict(scheme2021(SCHEME_2022), [unit('t', 'town', entries)]).get('t')!;
    expect(a21.items.find((i) => i.no === 5)!.points).toBe(10);
    expect(a22.items.find((i) => i.no === 5)!.points).toBe(8);
    expect(a22.base).toBe(98);
  });
});

describe('a broken scheme file', () => {
  it('names the item (number and name) and the key of every error', () => {
    const lines = schemeErrors((y) => y
      .replace('{ id: 协调解决, text: 领导协调解决问题, points: 1 }', '{ id: 协调解决, text: 领导协调解决问题, points: 2 }')
      .replace('{ count: 2, points: 10 }', '{ count: 2, points: 11 }')
      .replace('appliesTo: [department]', 'appliesTo: [department, town]')
      .replace('{ count: 3, points: 5 }', '{ count: 1, points: 5 }')
      .replace('- no: 10', '- no: 8'));
    expect(lines).toEqual([
      'items[0] (第1项 组织领导).checks: points for unit type "town", "subdistrict", "department", "approval-bureau" add up to 5, expected the item\'s max 4',
      'items[4] (第5项 “政务开放日”活动).variants[0].steps[1].points: 11 is more than the item\'s max 10',
      'items[4] (第5项 “政务开放日”活动).variants[1].appliesTo: unit type "town" is already covered by variants[0]',
      'items[5] (第6项 “政务协商”活动).steps[1].count: counts must increase (previous step counts 2)',
      'items[8] (第8项 日常任务完成).no: duplicate item number 8 (also items[7])',
    ]);
  });

  it('reports unknown kinds, unknown keys and wrong types with the item', () => {
    const lines = schemeErrors((y) => y
      .replace('kind: judged\n    max: 15', 'kind: judgd\n    max: 15')
      .replace('perCount: 5', 'perCount: 5\n    cap: 20')
      .replace('max: 3\n    criteria: 指定工作机构', 'max: three\n    criteria: 指定工作机构')
      .replace('notApplicable: full', 'notApplicable: zero'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^notApplicable: /);
    expect(lines[1]).toMatch(/^items\[1\] \(第2项 机构保障\)\.max: expected number/);
    expect(lines[2]).toMatch(/^items\[6\] \(第7项 政务公开专区建设\)\.kind: .*'checklist'/);
    expect(lines[3]).toBe('items[10] (第12项 减分项): unknown key(s) "cap"');
  });
});
