import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { ManualEntryError, recordEntry } from '../src/manual/record.js';
import { resolveWho } from '../src/manual/who.js';
import type { ManualValue } from '../src/manual/values.js';
import { parseValue } from '../src/cli/actions/manual.js';
import { manualHistory, manualList } from '../reports/manual-text.js';
import { ROOT } from './assessment-helpers.js';
import { tempDistrict } from './form-helpers.js';

let d: ReturnType<typeof tempDistrict>;
beforeEach(() => (d = tempDistrict()));
afterEach(() => d.cleanup());

function record(unitId: string, itemNo: number, value: ManualValue, evidence: string | null = null, who = '张三') {
  const { scheme, config } = d.app.loaded;
  return recordEntry(
    { scheme, units: config.units, repo: new ManualEntriesRepo(d.app.db), who, now: d.app.clock.now(), source: 'cli' },
    { unitId, itemNo, value, evidence },
  );
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ManualEntryError);
    return (err as ManualEntryError).problems;
  }
  throw new Error('expected a ManualEntryError');
}

const count = () => d.app.db.prepare('SELECT COUNT(*) FROM manual_entries').pluck().get() as number;

describe('manual entries', () => {
  it('are stored append-only with who, when (from the clock) and evidence; the latest wins', () => {
    const repo = new ManualEntriesRepo(d.app.db);
    record('town-a', 5, { count: 1 }, '第一次活动方案');
    (d.app.clock as unknown as { advance(ms: number): void }).advance(3_600_000);
    const second = record('town-a', 5, { count: 2 }, '第二次活动照片', '李四');
    expect(second).toMatchObject({ enteredBy: '李四', enteredAt: '2022-01-05T03:00:00.000Z', evidence: '第二次活动照片', schemeId: 'yanjiang-2021' });
    expect(repo.latest('yanjiang-2021').get('town-a')!.get(5)!.value).toEqual({ count: 2 });
    expect(repo.latest('yanjiang-2022').size).toBe(0);
    expect(() => d.app.db.prepare('UPDATE manual_entries SET value_json = ? WHERE id = ?').run('{"count":9}', second.id)).toThrow(/append-only/);
    expect(() => d.app.db.prepare('DELETE FROM manual_entries').run()).toThrow(/append-only/);
    expect(count()).toBe(2);

    record('town-a', 5, { cleared: true });
    expect(repo.latest('yanjiang-2021').get('town-a')?.has(5) ?? false).toBe(false);
    expect(repo.history('yanjiang-2021', 'town-a', 5)).toHaveLength(3);
  });

  it('are validated against the scheme and the unit type; nothing is stored on error', () => {
    expect(problemsOf(() => record('nowhere', 1, { met: [] }))).toEqual(['配置中没有编号为「nowhere」的单位']);
    expect(problemsOf(() => record('town-a', 13, { count: 1 }))[0]).toMatch(/^考核方案「雁江区2021年度政务公开考核细则与评分标准」中没有第13项（共有：1、2、3/);
    expect(problemsOf(() => record('town-a', 1, { met: ['分管领导', '一把手'] }))).toEqual([
      '第1项「组织领导」没有适用于镇的评分标准「一把手」，可选：分管领导、研究部署、协调解决',
    ]);
    expect(problemsOf(() => record('town-a', 8, { count: -2 }))).toEqual(['第8项「政务新媒体工作」的次数应为不小于 0 的整数，收到 -2']);
    expect(problemsOf(() => record('town-a', 7, { points: 15.5, reason: '超标准建设' }))).toEqual(['第7项「政务公开专区建设」的得分 15.5 超过赋分 15']);
    expect(problemsOf(() => record('town-a', 7, { points: 12.3, reason: '未完成' }))).toEqual(['第7项「政务公开专区建设」的得分应为 0.5 分的整数倍，收到 12.3']);
    expect(problemsOf(() => record('town-a', 10, { points: 12, reason: '' }))).toEqual(['第10项「日常任务完成」为评议打分，必须说明理由（--reason）']);
    expect(problemsOf(() => record('dept-b', 6, { count: 3 }))).toEqual(['第6项「“政务协商”活动」不适用于区级部门，无需录入']);
    expect(problemsOf(() => record('dept-b', 5, { count: 3 }))[0]).toMatch(/对区级部门应录入得分和理由/);
    expect(problemsOf(() => record('town-a', 11, { met: ['总评90分'] }))[0]).toMatch(/没有适用于镇的评分标准「总评90分」，可选：先进经验/);
    expect(problemsOf(() => record('town-a', 3, { cleared: true }))).toEqual(['甲镇的第3项没有可撤销的录入']);
    expect(count()).toBe(0);
  });

  it('record who from the flag, else ZWGK_USER, else the config', () => {
    expect(resolveWho('王五', { ZWGK_USER: '赵六' }, '配置录入员')).toBe('王五');
    expect(resolveWho(undefined, { ZWGK_USER: '赵六' }, '配置录入员')).toBe('赵六');
    expect(resolveWho(undefined, {}, '配置录入员')).toBe('配置录入员');
    expect(() => resolveWho(' ', {}, undefined)).toThrow(/请指明录入人/);
  });

  it('take exactly one kind of value on the command line', () => {
    expect(parseValue({ count: '3' })).toEqual({ count: 3 });
    expect(parseValue({ met: '分管领导，研究部署、协调解决' })).toEqual({ met: ['分管领导', '研究部署', '协调解决'] });
    expect(parseValue({ none: true })).toEqual({ met: [] });
    expect(parseValue({ points: '8.5', reason: '进大厅 2 次' })).toEqual({ points: 8.5, reason: '进大厅 2 次' });
    expect(() => parseValue({ count: '2', points: '3' })).toThrow(/只给出一种录入值/);
    expect(() => parseValue({ count: '两次' })).toThrow(/--count 应为不小于 0 的整数/);
    expect(() => parseValue({ reason: 'x', count: '1' })).toThrow(/--reason 只能与 --points 一起使用/);
  });

  it('history explains every change: before → after, who, when, from where, on what evidence', () => {
    record('town-a', 5, { count: 1 }, '活动方案');
    record('town-a', 5, { count: 2 }, '第二次活动照片', '李四');
    record('town-a', 7, { points: 10, reason: '进度过半' });
    record('town-a', 7, { cleared: true }, '误录');
    const { scheme, config } = d.app.loaded;
    const repo = new ManualEntriesRepo(d.app.db);
    const text = manualHistory(scheme, config.units[0], repo.history(scheme.id, 'town-a'));
    expect(text).toContain('#1 2022-01-05 10:00 张三（命令行）\n  第5项 “政务开放日”活动：首次录入：1 次\n  印证资料：活动方案');
    expect(text).toContain('#2 2022-01-05 10:00 李四（命令行）\n  第5项 “政务开放日”活动：1 次 → 2 次\n  印证资料：第二次活动照片');
    expect(text).toContain('第7项 政务公开专区建设：撤销录入（原为 10 分（进度过半））');
    const list = manualList(scheme, config.units, repo.latest(scheme.id));
    expect(list).toContain('■ 甲镇（town-a，镇）：10 项待录入');
    expect(list).toContain('  第5项 “政务开放日”活动：2 次（李四，2022-01-05 10:00）');
    expect(list).toContain('  第7项 政务公开专区建设：待录入');
    expect(list).toContain('■ 乙局（dept-b，区级部门）：10 项待录入');
    expect(list).not.toMatch(/乙局[^■]*第6项/);
  });
});

describe('the zwgk command line', () => {
  const zwgk = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '-c', d.configFile, ...args], {
    encoding: 'utf8', env: { ...process.env, ZWGK_USER: '命令行用户' }, cwd: ROOT, timeout: 60_000,
  });

  it('records, refuses, lists and scores: score --all shows totals, ranks and what is missing', () => {
    const ok = zwgk('manual', 'set', '--unit', 'town-a', '--item', '5', '--count', '2', '--evidence', '开放日照片');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^已录入：甲镇 第5项「“政务开放日”活动」2 次，得 10 分（录入人 命令行用户，记录 #1）/);
    const bad = zwgk('manual', 'set', '--unit', 'town-a', '--item', '7', '--points', '16', '--reason', '已建成');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('zwgk: 第7项「政务公开专区建设」的得分 16 超过赋分 15\n');
    d.app.close();

    const table = zwgk('score', '--all', '--as-of', '2021-12-31');
    expect(table.status).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[3]).toMatch(/^排名\s+单位\s+类型\s+1\s+2\s+3\s+4\s+5\s+6\s+7\s+8\s+9\s+10\s+基础分\s+加分\s+减分\s+总分\s+状态$/);
    // A provisional total is not ranked: entering one item first must not put 甲镇 first.
    expect(lines.find((l) => l.includes('甲镇'))).toMatch(/^\s+—\s+甲镇\s+镇\s+待录\s+待录\s+待录\s+待录\s+10\s+待录/);
    expect(table.stdout).toContain('总分暂定的单位不参与总分排名');
    expect(lines.find((l) => l.includes('乙局'))).toMatch(/乙局\s+区级部门(\s+待录){5}\s+—/);
    expect(table.stdout).toContain('缺少人工录入的单位（3 个）：\n  甲镇（town-a）：第1、2、3、4、6、7、8、10、11、12项');

    const json = JSON.parse(zwgk('score', '--json', '--as-of', '2021-12-31').stdout) as { units: Record<string, unknown>[] };
    const town = json.units.find((u) => u.id === 'town-a')!;
    expect(Object.keys(town)).toEqual(expect.arrayContaining(['items', 'bonus', 'deductions', 'total', 'provisional', 'rank', 'platform']));
    expect((town.items as { no: number }[]).map((i) => i.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect((town.items as Record<string, unknown>[])[4]).toMatchObject({ no: 5, name: '“政务开放日”活动', max: 10, points: 10, status: 'scored' });
    expect((town.items as Record<string, unknown>[])[0]).toMatchObject({ no: 1, points: null, status: 'pending', detail: '待录入' });
    expect(town.provisional).toBe(true);
  });
});
