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
  // Units' "我已整改，申请复查" requests run here too (under the audit lock, one at a time).
  const { RecheckWorker } = await import('../../findings/recheck-worker.js');
  const log = (level: string) => (text: string) => process.stdout.write(`${level} ${text}\n`);
  const rechecks = new RecheckWorker({ app, log: { info: log('信息'), warn: log('警告'), error: log('错误') } });
  rechecks.start();
  process.stdout.write(`控制台已启动：${web.baseUrl ?? url}（监听 ${url}，按 Ctrl-C 停止）\n`);
  if (!new WebAccountsRepo(app.db).list().some((u) => u.role === 'admin' && !u.disabledAt)) {
    process.stdout.write('还没有管理员账号：用 zwgk user add LOGIN --role admin 添加\n');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await rechecks.stop();
  await close();
  app.close();
  process.stdout.write('控制台已停止\n');
}
