import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { FindingsRepo } from '../../store/findings-repo.js';
import type { FindingStatus } from '../../findings/transitions.js';
import { configPath } from '../shared.js';
import { terminalSafe } from '../../../reports/escape.js';
import { LEDGER_STATUSES, STATUS_ZH, ledgerCsv, ledgerXlsx } from '../../../reports/ledger-export.js';

export async function ledgerAction(opts: { unit?: string; status?: string; csv?: string; xlsx?: string }, cmd: Command): Promise<void> {
  if (opts.status && !LEDGER_STATUSES.includes(opts.status as FindingStatus)) {
    throw new Error(`--status 应为 ${LEDGER_STATUSES.join('、')} 之一，收到 "${opts.status}"`);
  }
  const app = openApp(configPath(cmd));
  try {
    const units = app.loaded.config.units;
    if (opts.unit && !units.some((u) => u.id === opts.unit)) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
    const rows = new FindingsRepo(app.db).list({ unitId: opts.unit, status: opts.status as FindingStatus | undefined });
    const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
    if (opts.csv) {
      writeFileSync(opts.csv, ledgerCsv(rows, unitName));
      process.stdout.write(`已导出 ${rows.length} 条到 ${opts.csv}\n`);
    }
    if (opts.xlsx) {
      writeFileSync(opts.xlsx, await ledgerXlsx(rows, unitName, `${app.loaded.config.district.name}政务公开整改台账`));
      process.stdout.write(`已导出 ${rows.length} 条到 ${opts.xlsx}\n`);
    }
    if (opts.csv || opts.xlsx) return;
    if (rows.length === 0) {
      process.stdout.write('整改台账中没有符合条件的问题。\n');
      return;
    }
    for (const f of rows) {
      const when = f.status === 'fixed' ? `，${f.fixedOn} 整改` : f.deadline ? `，期限 ${f.deadline}` : '';
      process.stdout.write(`[${STATUS_ZH[f.status]}] ${terminalSafe(unitName(f.unitId))}：${terminalSafe(f.text)}（${f.openedOn} 发现${when}）\n`);
    }
    process.stdout.write(`共 ${rows.length} 条。\n`);
  } finally {
    app.close();
  }
}
