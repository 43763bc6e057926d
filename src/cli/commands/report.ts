import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp } from '../../app.js';
import { EvidenceStore } from '../../fetch/evidence-store.js';
import { enqueueWeeklyReports } from '../../mail/weekly-mail.js';
import { shanghaiDate } from '../../time/dates.js';
import { writeWeeklyReports } from '../../../reports/weekly-files.js';
import { configPath, parseDateOption } from '../shared.js';

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('生成报告 (reports)');

  report
    .command('weekly')
    .description('生成每周报告：各单位周报（HTML、文本、考核表）和全区汇总，写入目录或放入邮件队列')
    .option('--unit <id>', '只生成一个单位的周报')
    .option('--as-of <date>', '报告截止日期 YYYY-MM-DD（默认今天）', parseDateOption)
    .option('--out <dir>', '写入此目录（按日期建子目录）')
    .option('--mail', '生成邮件放入发送队列（由守护进程或 zwgk mail send 发送；同一周同一单位只生成一次）')
    .action(async (opts: { unit?: string; asOf?: string; out?: string; mail?: boolean }, cmd: Command) => {
      if (!opts.out && !opts.mail) throw new Error('请指定 --out 目录，或用 --mail 放入邮件队列');
      // Only --mail writes (the outbox).
      const app = openApp(configPath(cmd), undefined, { readonly: !opts.mail });
      try {
        const asOf = opts.asOf ?? shanghaiDate(app.clock.now());
        if (opts.unit && !app.loaded.config.units.some((u) => u.id === opts.unit)) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
        if (opts.out) {
          const { files, notes } = await writeWeeklyReports(app, asOf, resolve(opts.out), opts.unit);
          process.stdout.write(`已写入 ${files.length} 个文件（截至 ${asOf}）：\n${files.map((f) => `  ${f}`).join('\n')}\n`);
          for (const n of notes) process.stderr.write(`注意：${n}\n`);
        }
        if (opts.mail) {
          const r = await enqueueWeeklyReports(app, asOf, { unitIds: opts.unit ? [opts.unit] : undefined });
          process.stdout.write(`已放入发送队列 ${r.created} 封${r.existing ? `，${r.existing} 封此前已生成（不重复生成）` : ''}。用 zwgk mail status 查看。\n`);
          if (r.unitsWithoutEmail.length) process.stderr.write(`以下单位未配置邮箱：${r.unitsWithoutEmail.join('、')}\n`);
        }
      } finally {
        app.close();
      }
    });

  report
    .command('evidence')
    .description('取出检查时保存的页面存档（报告中的“存档编号”）')
    .argument('<hash>', '存档编号（完整的 sha256，或报告中显示的前 12 位以上）')
    .requiredOption('--out <file>', '写入此文件')
    .action((hash: string, opts: { out: string }, cmd: Command) => {
      const app = openApp(configPath(cmd), undefined, { readonly: true });
      try {
        if (!/^[0-9a-f]{12,64}$/i.test(hash)) throw new Error(`存档编号应为 12–64 位十六进制，收到 "${hash}"`);
        const matches = app.db.prepare('SELECT hash FROM evidence WHERE hash LIKE ? LIMIT 2').pluck().all(`${hash.toLowerCase()}%`) as string[];
        if (matches.length === 0) throw new Error(`没有编号为 ${hash} 的存档`);
        if (matches.length > 1) throw new Error(`编号 ${hash} 对应多个存档，请给出更长的编号`);
        const body = new EvidenceStore(app.db, () => app.clock.now()).get(matches[0]);
        if (!body) throw new Error(`没有编号为 ${hash} 的存档`);
        writeFileSync(resolve(opts.out), body);
        process.stdout.write(`已写入存档 ${matches[0]}（${body.length} 字节）到 ${resolve(opts.out)}\n`);
      } finally {
        app.close();
      }
    });
}
