#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '../config/errors.js';
import { registerConfigCommands } from './commands/config.js';
import { registerRunCommand } from './commands/run.js';
import { registerScoreCommand } from './commands/score.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerManualCommands } from './commands/manual.js';
import { registerFormCommands } from './commands/form.js';
import { registerImportCommands } from './commands/import.js';
import { registerDaemonCommand } from './commands/daemon.js';
import { registerMailCommands } from './commands/mail.js';
import { registerReportCommands } from './commands/report.js';
import { registerInspectCommand } from './commands/inspect.js';
import { registerDbCommands } from './commands/db.js';
import { registerCensusCommands } from './commands/census.js';
import { registerLedgerCommands } from './commands/ledger.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommands } from './commands/user.js';
import { registerProbeCommand } from './commands/probe.js';
import { registerFindingCommands } from './commands/finding.js';
import { followLauncher, needsCrawlLimits, relaunchWithCrawlLimits } from './memory-limits.js';

if (needsCrawlLimits(process.argv.slice(2), process.execArgv, process.env)) await relaunchWithCrawlLimits();
followLauncher();
if (process.env.ZWGK_DEBUG) {
  const { getHeapStatistics } = await import('node:v8');
  process.stderr.write(`zwgk: 进程 ${process.pid}，V8 堆上限 ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MB\n`);
}

const program = new Command('zwgk')
  .description('政务公开考核自动检查工具 (automated audit of government information disclosure)')
  .option('-c, --config <file>', 'district config file', process.env.ZWGK_CONFIG ?? 'config/district.yaml')
  .showHelpAfterError();

registerConfigCommands(program);
registerRunCommand(program);
registerScoreCommand(program);
registerDemoCommand(program);
registerManualCommands(program);
registerFormCommands(program);
registerImportCommands(program);
registerDaemonCommand(program);
registerMailCommands(program);
registerReportCommands(program);
registerInspectCommand(program);
registerDbCommands(program);
registerCensusCommands(program);
registerLedgerCommands(program);
registerServeCommand(program);
registerUserCommands(program);
registerProbeCommand(program);
registerFindingCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`配置错误 (config error):\n${err.message}\n`);
  } else {
    process.stderr.write(`zwgk: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.ZWGK_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
  process.exitCode = 1;
});
