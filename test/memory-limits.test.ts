import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CRAWL_V8_FLAGS, commandOf, hasOwnHeapLimit, needsCrawlLimits } from '../src/cli/memory-limits.js';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'src/cli/main.ts');
const scratch = mkdtempSync(join(tmpdir(), 'zwgk-memory-limits-'));

const flagMb = (name: string) => Number(CRAWL_V8_FLAGS.find((f) => f.startsWith(`--${name}=`))!.split('=')[1]);
const OLD_MB = flagMb('max-old-space-size');
const SEMI_MB = flagMb('max-semi-space-size');

/** The line ZWGK_DEBUG makes every zwgk process print: which process runs the command, under which heap limit. */
function heapLine(stderr: string): { pid: number; limitMb: number } {
  const m = /zwgk: 进程 (\d+)，V8 堆上限 (\d+) MB/.exec(stderr);
  if (!m) throw new Error(`no heap line in: ${stderr}`);
  return { pid: Number(m[1]), limitMb: Number(m[2]) };
}

function zwgkSync(args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []) {
  return spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', MAIN, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env, ZWGK_DEBUG: '1' },
  });
}

const isCrawlLimit = (mb: number) => mb >= OLD_MB && mb <= OLD_MB + 4 * SEMI_MB;

/** Running, not merely a zombie waiting to be reaped by whoever adopted it. */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(what: string, test: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let site: SiteServer;
let requests = 0;
/** Every zwgk started here, killed at the end whatever a failed test left running. */
const started: ChildProcess[] = [];
const stalled = new Set<() => void>();

beforeAll(async () => {
  // Every list page stalls until the test ends: the crawl is in flight for as long as the test needs.
  site = await serveSite({
    routes: {
      '/u1/a/index.html': (_req, res) => {
        requests++;
        stalled.add(() => res.destroy());
      },
    },
  });
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  releaseStalled();
  await site.close();
  rmSync(scratch, { recursive: true, force: true });
});

function districtFile(name: string): string {
  const dir = join(scratch, name);
  const file = join(dir, 'district.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], linkCheckCount: 0, timeoutMs: 120000, retries: 0, browser: { enabled: false } }
units:
  - id: u1
    name: 单位一
    type: town
    columns:
      - { name: 动态, url: "${site.origin}/u1/a/index.html", category: news, shape: S1 }
`);
  return file;
}

/** zwgk started the installed way, with the pid of the process that crawls once it has said it. */
function start(configFile: string, args: string[]) {
  const launcher = spawn(process.execPath, ['--import', 'tsx', MAIN, '-c', configFile, ...args], {
    cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ZWGK_DEBUG: '1', TZ: 'UTC', ZWGK_NOW: '2026-11-23T03:00:00Z', ZWGK_SMTP_HOST: '' },
  });
  started.push(launcher);
  let out = '';
  const crawler = new Promise<number>((resolvePid, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/V8 堆上限/.test(out)) resolvePid(heapLine(out).pid);
    };
    launcher.stdout!.on('data', onData);
    launcher.stderr!.on('data', onData);
    launcher.once('exit', () => reject(new Error(`exited before crawling: ${out}`)));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => launcher.once('exit', (code, signal) => r({ code, signal })));
  return { launcher, crawler, exit, out: () => out };
}

function releaseStalled(): void {
  for (const release of stalled) release();
  stalled.clear();
}

describe('which invocations crawl under zwgk\'s own heap limits', () => {
  it('run, daemon and demo do, wherever the global -c option stands; help, other commands and a user\'s own heap flag do not', () => {
    expect(commandOf(['-c', 'x.yaml', 'run', '--unit', 'a'])).toBe('run');
    expect(commandOf(['--config', 'run', 'daemon'])).toBe('daemon');
    expect(commandOf(['--config=x.yaml', 'demo'])).toBe('demo');
    expect(commandOf(['--help'])).toBeUndefined();
    for (const args of [['run'], ['-c', 'a.yaml', 'daemon'], ['demo', '--json'], ['--config=b.yaml', 'run', '--unit', 'x']]) {
      expect(needsCrawlLimits(args, [], {}), args.join(' ')).toBe(true);
    }
    for (const args of [['score', '--json'], ['help', 'run'], ['run', '--help'], ['daemon', '-h'], ['--help'], [], ['report', 'weekly'], ['-c', 'run', 'score']]) {
      expect(needsCrawlLimits(args, [], {}), args.join(' ')).toBe(false);
    }
    expect(needsCrawlLimits(['run'], ['--max-old-space-size=512'], {})).toBe(false);
    expect(needsCrawlLimits(['run'], [], { NODE_OPTIONS: '--enable-source-maps --max_old_space_size=96' })).toBe(false);
    expect(needsCrawlLimits(['run'], [], { NODE_OPTIONS: '--max-semi-space-size=2' })).toBe(true);
    expect(hasOwnHeapLimit(['--import', 'tsx'], '--max-old-space-size')).toBe(true);
    expect(hasOwnHeapLimit(['--max-old-space-sizes=3'])).toBe(false);
  });
});

describe('zwgk started as installed', () => {
  it('a crawl command runs in a second process with the crawl heap limit, and its output and exit code come back', () => {
    const run = zwgkSync(['-c', join(scratch, 'missing.yaml'), 'run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('配置错误 (config error):');
    expect(run.stderr).toContain('missing.yaml: cannot read file (ENOENT)');
    const line = heapLine(run.stderr);
    expect(line.pid).not.toBe(run.pid);
    expect(isCrawlLimit(line.limitMb), `${line.limitMb} MB`).toBe(true);
  });

  it('a user\'s own --max-old-space-size, in NODE_OPTIONS or on node\'s command line, is kept and nothing is relaunched', () => {
    for (const [env, flags] of [[{ NODE_OPTIONS: '--max-old-space-size=300' }, []], [{}, ['--max-old-space-size=300']]] as const) {
      const run = zwgkSync(['-c', join(scratch, 'missing.yaml'), 'daemon'], env, [...flags]);
      expect(run.status).toBe(1);
      const line = heapLine(run.stderr);
      expect(line.pid).toBe(run.pid);
      expect(line.limitMb).toBeGreaterThanOrEqual(300);
      expect(isCrawlLimit(line.limitMb)).toBe(false);
    }
  }, 120_000);

  it('--help, a crawl command\'s help and other commands run in the process that was started, under Node\'s own limits', () => {
    for (const args of [['--help'], ['run', '--help'], ['help', 'daemon'], ['-c', join(scratch, 'missing.yaml'), 'score']]) {
      const run = zwgkSync(args);
      const line = heapLine(run.stderr);
      expect(line.pid, args.join(' ')).toBe(run.pid);
      expect(isCrawlLimit(line.limitMb), args.join(' ')).toBe(false);
    }
  }, 120_000);

  it('a signal sent to the zwgk process reaches the crawl: the daemon stops as asked, once even when both processes get it', async () => {
    for (const both of [false, true]) {
      const before = requests;
      const daemon = start(districtFile(`signal-${both}`), ['daemon']);
      const pid = await daemon.crawler;
      expect(pid).not.toBe(daemon.launcher.pid);
      await until('the nightly crawl fetching', () => requests > before);
      daemon.launcher.kill('SIGTERM');
      // systemd stops every process of the service at once; so does a terminal's Ctrl-C.
      if (both) process.kill(pid, 'SIGTERM');
      await until('the daemon stopping', () => daemon.out().includes('收到 SIGTERM，不再开始新的单位'));
      releaseStalled();
      expect(await daemon.exit).toEqual({ code: 0, signal: null });
      expect(daemon.out()).toContain('守护进程已停止');
      expect(daemon.out()).not.toContain('再次收到');
      expect(alive(pid)).toBe(false);
    }
  }, 120_000);

  it('a crawl ended by a signal ends zwgk by the same signal', async () => {
    const before = requests;
    const run = start(districtFile('run-signal'), ['run', '--as-of', '2026-11-20']);
    const pid = await run.crawler;
    await until('the crawl fetching', () => requests > before);
    run.launcher.kill('SIGINT');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(alive(pid)).toBe(false);
  });

  it('when the zwgk process is killed outright (kill -9), the crawl does not go on unseen', async () => {
    const before = requests;
    const run = start(districtFile('kill'), ['run', '--as-of', '2026-11-20']);
    const pid = await run.crawler;
    await until('the crawl fetching', () => requests > before);
    run.launcher.kill('SIGKILL');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGKILL' });
    await until('the crawl process gone', () => !alive(pid));
  });
});
