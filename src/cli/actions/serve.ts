import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { webSchema } from '../../config/web-schema.js';
import { serveConsole } from '../../web/listen.js';
import { WebAccountsRepo } from '../../store/web-accounts-repo.js';
import { configPath } from '../shared.js';

export async function serveAction(opts: { listen?: string }, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  const web = webSchema.parse(app.loaded.config.web ?? {});
  const { url, close } = await serveConsole(app, opts.listen ?? web.listen);
  process.stdout.write(`控制台已启动：${web.baseUrl ?? url}（监听 ${url}，按 Ctrl-C 停止）\n`);
  if (!new WebAccountsRepo(app.db).list().some((u) => u.role === 'admin' && !u.disabledAt)) {
    process.stdout.write('还没有管理员账号：用 zwgk user add LOGIN --role admin 添加\n');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await close();
  app.close();
  process.stdout.write('控制台已停止\n');
}
