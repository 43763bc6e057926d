import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp } from '../../app.js';
import { EvidenceStore } from '../../fetch/evidence-store.js';
import { enqueueWeeklyReports } from '../../mail/weekly-mail.js';
import { shanghaiDate } from '../../time/dates.js';
import { writeWeeklyReports } from '../../../reports/weekly-files.js';
import { configPath } from '../shared.js';

export async function reportWeeklyAction(opts: { unit?: string; asOf?: string; out?: string; mail?: boolean }, cmd: Command): Promise<void> {
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
}

export function reportEvidenceAction(hash: string, opts: { out: string }, cmd: Command): void {
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    if (!/^[0-9a-f]{12,64}$/i.test(hash)) throw new Error(`存档编号应为 12–64 位十六进制，收到 "${hash}"`);
    const matches = app.db.prepare('SELECT hash FROM evidence WHERE hash LIKE ? LIMIT 2').pluck().all(`${hash.toLowerCase()}%`) as string[];
    if (matches.length === 0) throw new Error(`没有编号为 ${hash} 的存档（考核期和申诉期之外、不再被引用的存档按 retention 设置清理）`);
    if (matches.length > 1) throw new Error(`编号 ${hash} 对应多个存档，请给出更长的编号`);
    const body = new EvidenceStore(app.db, () => app.clock.now()).get(matches[0]);
    if (!body) throw new Error(`没有编号为 ${hash} 的存档`);
    writeFileSync(resolve(opts.out), body);
    process.stdout.write(`已写入存档 ${matches[0]}（${body.length} 字节）到 ${resolve(opts.out)}\n`);
  } finally {
    app.close();
  }
}
