import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openApp } from '../../app.js';
import { configPath } from '../shared.js';
import { importRegister } from '../../applications/import-register.js';

export async function importApplicationsAction(file: string, _opts: unknown, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  try {
    const r = await importRegister(app.db, resolve(file), app.loaded.config, app.clock.now());
    for (const w of r.warnings) process.stderr.write(`警告：${w}\n`);
    process.stdout.write(`已导入 ${r.rows} 件依申请公开：新增 ${r.inserted} 件，更新 ${r.updated} 件，未变 ${r.unchanged} 件${r.encoding === 'gb18030' ? '（文件编码 GBK）' : ''}\n`);
  } finally {
    app.close();
  }
}
