import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { ManualEntriesRepo } from '../../manual/entries-repo.js';
import { recordEntry } from '../../manual/record.js';
import { describeValue, findItem, type ManualValue } from '../../manual/values.js';
import { resolveWho } from '../../manual/who.js';
import { entryPoints } from '../../scoring/assessment.js';
import { configPath } from '../shared.js';
import { manualHistory, manualList } from '../../../reports/manual-text.js';
import { terminalSafe } from '../../../reports/escape.js';

interface SetOptions {
  unit: string;
  item: string;
  count?: string;
  met?: string;
  none?: boolean;
  points?: string;
  reason?: string;
  clear?: boolean;
  evidence?: string;
  by?: string;
}

export function registerManualCommands(program: Command): void {
  const manual = program.command('manual').description('人工录入考核项（网站检查不到的项目）(manual entries)');

  manual
    .command('set')
    .description('录入一个单位的一个考核项（只追加，不覆盖历史）')
    .requiredOption('--unit <id>', '单位编号')
    .requiredOption('--item <no>', '考核项序号')
    .option('--count <n>', '次数（如开展活动次数、被通报次数）')
    .option('--met <ids>', '达到的评分标准，逗号分隔（如 分管领导,研究部署）')
    .option('--none', '评分标准均未达到')
    .option('--points <p>', '评议得分（评议类考核项）')
    .option('--reason <text>', '评议理由（与 --points 一起使用）')
    .option('--clear', '撤销该项的录入，恢复为待录入')
    .option('--evidence <text>', '印证资料或说明')
    .option('--by <name>', '录入人（默认取环境变量 ZWGK_USER 或配置 district.operator）')
    .action((opts: SetOptions, cmd: Command) => {
      const value = parseValue(opts);
      const app = openApp(configPath(cmd));
      try {
        const { scheme, config } = app.loaded;
        const who = resolveWho(opts.by, process.env, config.district.operator);
        const itemNo = parseItemNo(opts.item);
        const entry = recordEntry(
          { scheme, units: config.units, repo: new ManualEntriesRepo(app.db), who, now: app.clock.now(), source: 'cli' },
          { unitId: opts.unit, itemNo, value, evidence: opts.evidence ?? null },
        );
        const unit = config.units.find((u) => u.id === entry.unitId)!;
        const item = findItem(scheme, itemNo)!;
        const points = entryPoints(item, unit.type, value);
        process.stdout.write(`已录入：${terminalSafe(unit.name)} 第${item.no}项「${item.name}」${terminalSafe(describeValue(value))}${points === null ? '' : `，${points}`}（录入人 ${terminalSafe(who)}，记录 #${entry.id}）\n`);
      } finally {
        app.close();
      }
    });

  manual
    .command('list')
    .description('列出各单位人工录入项的当前值和待录入项')
    .option('--unit <id>', '只列一个单位')
    .action((opts: { unit?: string }, cmd: Command) => {
      const app = openApp(configPath(cmd), undefined, { readonly: true });
      try {
        const { scheme, config } = app.loaded;
        const units = opts.unit ? config.units.filter((u) => u.id === opts.unit) : config.units;
        if (units.length === 0) throw new Error(`配置中没有编号为「${opts.unit}」的单位`);
        process.stdout.write(manualList(scheme, units, new ManualEntriesRepo(app.db).latest(scheme.id)));
      } finally {
        app.close();
      }
    });

  manual
    .command('history')
    .description('列出一个单位的全部录入记录（谁、何时、改了什么、依据）')
    .requiredOption('--unit <id>', '单位编号')
    .option('--item <no>', '只看一个考核项')
    .action((opts: { unit: string; item?: string }, cmd: Command) => {
      const app = openApp(configPath(cmd), undefined, { readonly: true });
      try {
        const { scheme, config } = app.loaded;
        const unit = config.units.find((u) => u.id === opts.unit);
        if (!unit) throw new Error(`配置中没有编号为「${opts.unit}」的单位`);
        const itemNo = opts.item === undefined ? undefined : parseItemNo(opts.item);
        process.stdout.write(manualHistory(scheme, unit, new ManualEntriesRepo(app.db).history(scheme.id, unit.id, itemNo)));
      } finally {
        app.close();
      }
    });
}

function parseItemNo(s: string): number {
  if (!/^\d+$/.test(s.trim())) throw new Error(`--item 应为考核项序号（整数），收到「${s}」`);
  return Number(s);
}

/** Exactly one of --count, --met, --none, --points (with --reason) or --clear. */
export function parseValue(opts: Omit<SetOptions, 'unit' | 'item'>): ManualValue {
  const given = [opts.count !== undefined, opts.met !== undefined, opts.none === true, opts.points !== undefined, opts.clear === true].filter(Boolean).length;
  if (given !== 1) throw new Error('请给出且只给出一种录入值：--count、--met、--none、--points（配合 --reason）或 --clear');
  if (opts.reason !== undefined && opts.points === undefined) throw new Error('--reason 只能与 --points 一起使用');
  if (opts.clear) return { cleared: true };
  if (opts.none) return { met: [] };
  if (opts.met !== undefined) return { met: opts.met.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) };
  if (opts.count !== undefined) {
    if (!/^-?\d+$/.test(opts.count.trim())) throw new Error(`--count 应为不小于 0 的整数，收到「${opts.count}」`);
    return { count: Number(opts.count) };
  }
  if (!/^-?\d+(\.\d+)?$/.test(opts.points!.trim())) throw new Error(`--points 应为数字，收到「${opts.points}」`);
  return { points: Number(opts.points), reason: opts.reason ?? '' };
}
