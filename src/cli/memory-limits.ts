/**
 * The heap a crawling process runs with, whoever starts it (the `zwgk` bin, `npm run demo`, `npm run zwgk`,
 * systemd, the memory benchmark).
 *
 * A crawl keeps 25–45 MB of live data, yet under Node's defaults V8 lets the old generation grow to about
 * four times that before collecting hard, and each young semi-space to 16 MB: 278 MB peak RSS at 4,500
 * pages and 404 MB at 45,000. Measured on the 4,500-page benchmark (peak RSS under tsx):
 * - any old-generation cap from 128 to 512 MB gives the same peak within 5 MB (V8 then grows the heap
 *   by a small factor over the live set), so the cap is only a bound, and 256 MB leaves room for what
 *   else the daemon does in the same process (parsing a large district's YAML, the weekly batch);
 * - semi-spaces of 4 MB instead of 8 or 16 save 15–30 MB, at no CPU per page measurable on this machine.
 * V8 reads these limits once, when the process starts (`v8.setFlagsFromString` later changes nothing), so
 * a crawl command starts a second node process with them and waits for it; a worker thread with
 * `resourceLimits` would cost the progress line its terminal and the daemon its signals.
 */
export const CRAWL_V8_FLAGS: readonly string[] = ['--max-old-space-size=256', '--max-semi-space-size=4'];

/** Commands that crawl and so run under CRAWL_V8_FLAGS; everything else starts as it is. */
const CRAWL_COMMANDS: ReadonlySet<string> = new Set(['run', 'daemon', 'demo']);

/** Signals a relaunched crawl must see even when only the launcher received them (`kill <pid>`, `docker stop`). */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Set in the relaunched process: the launcher's pid, whose death ends the crawl as if it had been killed. */
const LAUNCHER_ENV = 'ZWGK_LAUNCHER_PID';

/** The command `zwgk <args>` names: the first word that is not an option (`-c FILE` takes a value). */
export function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-c' || arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** True when the user set the old generation's size themselves (command line or NODE_OPTIONS): theirs wins. */
export function hasOwnHeapLimit(execArgv: readonly string[], nodeOptions = ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--max[-_](old[-_]space|heap)[-_]size(=|$)/.test(flag));
}

/** Whether `zwgk <args>` in this process must be relaunched under CRAWL_V8_FLAGS. */
export function needsCrawlLimits(args: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const command = commandOf(args);
  if (command === undefined || !CRAWL_COMMANDS.has(command)) return false;
  if (args.includes('-h') || args.includes('--help')) return false;
  return !hasOwnHeapLimit(execArgv, env.NODE_OPTIONS);
}

/**
 * Runs this same script again in a child node with CRAWL_V8_FLAGS (same loader flags, arguments, working
 * directory, environment and stdio, so a terminal stays a terminal) and ends this process the way the
 * child ended: same exit code, or killed by the same signal. Never returns.
 *
 * Signals sent to this process are passed on. A terminal's Ctrl-C or systemd's stop reaches both
 * processes, so the child may see a signal twice within moments; the daemon treats that as one.
 */
export async function relaunchWithCrawlLimits(): Promise<never> {
  // Loaded here, not at the top: every command loads this module, and node:child_process costs `--help` 30 ms.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...CRAWL_V8_FLAGS, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, [LAUNCHER_ENV]: String(process.pid) },
  });
  const forward = (signal: NodeJS.Signals) => {
    try {
      child.kill(signal);
    } catch {
      // Already gone: its exit ends this process below.
    }
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise<never>(() => {
    child.once('error', (err) => {
      process.stderr.write(`zwgk: 无法启动检查进程：${err.message}\n`);
      process.exit(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}

/**
 * In a relaunched crawl: if the launcher dies without passing anything on (`kill -9`), die the same way
 * rather than go on crawling (and holding the audit lock) unseen.
 */
export function followLauncher(env: NodeJS.ProcessEnv = process.env): void {
  const launcher = Number(env[LAUNCHER_ENV]);
  // Not passed on to Chromium or anything else this process starts.
  delete env[LAUNCHER_ENV];
  if (!Number.isInteger(launcher) || launcher <= 0) return;
  setInterval(() => {
    if (!alive(launcher)) process.kill(process.pid, 'SIGKILL');
  }, 500).unref();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH, or EPERM: the pid now belongs to another user's process. Either way the launcher is gone.
    return false;
  }
}
