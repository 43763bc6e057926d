import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app.js';
import { verifyPassword } from '../src/accounts/passwords.js';
import { AuditLogRepo } from '../src/store/audit-log-repo.js';
import { WebAccountsRepo } from '../src/store/web-accounts-repo.js';
import { runZwgk } from './helpers.js';
import { startConsole, type ConsoleFixture } from './web-fixture.js';

const ROOT = resolve(import.meta.dirname, '..');

/** `zwgk args…` with `input` on its standard input. */
function zwgkWithInput(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input);
  return new Promise((r) => child.on('exit', (code) => r({ code, stdout, stderr })));
}

describe('zwgk user and zwgk serve', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsole({ listen: false });
    await fx.server.close();
    fx.app.close();
  });
  afterAll(async () => {
    const { rmSync } = await import('node:fs');
    rmSync(fx.dir, { recursive: true, force: true });
  });

  it('adds, lists, re-passwords and disables accounts, refusing bad input with a clear reason, every change audited', async () => {
    const c = ['-c', fx.configFile];
    const added = await zwgkWithInput([...c, 'user', 'add', 'sub-c-staff', '--role', 'unit', '--unit', 'sub-c', '--password-stdin'], 'a-long-password\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('已添加账号 sub-c-staff（unit，单位 sub-c）');
    const badUnit = await zwgkWithInput([...c, 'user', 'add', 'x-staff', '--role', 'unit', '--unit', 'nowhere', '--password-stdin'], 'a-long-password\n');
    expect(badUnit.code).toBe(1);
    expect(badUnit.stderr).toContain('配置中没有编号为「nowhere」的单位');
    const badRole = await zwgkWithInput([...c, 'user', 'add', 'y-staff', '--role', 'boss', '--password-stdin'], 'a-long-password\n');
    expect(badRole.stderr).toContain('角色「boss」无效');
    const short = await zwgkWithInput([...c, 'user', 'add', 'z-staff', '--role', 'inspector', '--password-stdin'], 'short\n');
    expect(short.stderr).toContain('密码至少 10 个字符');
    const noTerminal = await zwgkWithInput([...c, 'user', 'add', 'w-staff', '--role', 'inspector'], '');
    expect(noTerminal.stderr).toContain('--password-stdin');

    expect((await zwgkWithInput([...c, 'user', 'passwd', 'sub-c-staff', '--password-stdin'], 'another-long-one\n')).code).toBe(0);
    expect((await runZwgk([...c, 'user', 'disable', 'sub-c-staff'])).code).toBe(0);
    const list = await runZwgk([...c, 'user', 'list']);
    expect(list.stdout).toMatch(/sub-c-staff\t单位（sub-c）\t已停用/);
    expect(list.stdout).toMatch(/office-admin\t管理员\t正常/);

    const app = openApp(fx.configFile);
    try {
      const user = new WebAccountsRepo(app.db).byLogin('sub-c-staff')!;
      expect(await verifyPassword('another-long-one', user.passwordHash)).toBe(true);
      expect(await verifyPassword('a-long-password', user.passwordHash)).toBe(false);
      for (const u of ['x-staff', 'y-staff', 'z-staff', 'w-staff']) expect(new WebAccountsRepo(app.db).byLogin(u)).toBeUndefined();
      const log = new AuditLogRepo(app.db).recent(10).filter((e) => e.target === 'sub-c-staff');
      expect(log.map((e) => e.action).reverse()).toEqual(['user-add', 'user-passwd', 'user-disable']);
      expect(log.every((e) => e.actor.startsWith('cli:'))).toBe(true);
    } finally {
      app.close();
    }
  });

  it('serves the console on the address given and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', fx.configFile, 'serve', '--listen', '127.0.0.1:0'], { cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on('data', () => {
          const m = /监听 (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (m) resolveUrl(m[1]);
        });
        child.on('exit', () => reject(new Error(`serve exited: ${stdout}`)));
      });
      const login = await fetch(`${url}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('<label for="password">密码</label>');
      expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const css = await fetch(`${url}/static/console.css`);
      expect(css.headers.get('content-type')).toContain('text/css');
      const echarts = await fetch(`${url}/static/echarts.min.js`);
      expect(echarts.status).toBe(200);
      expect((await echarts.text()).length).toBeGreaterThan(500_000);
      expect((await fetch(`${url}/`, { redirect: 'manual' })).headers.get('location')).toBe('/login?next=%2F');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('控制台已停止');
  });

  it('makes the daemon serve the console when the config has a web: block', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((r) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => r(p));
      });
    });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(fx.configFile, `web: { listen: "127.0.0.1:${port}", baseUrl: "http://zwgk.test" }\nschedule: { catchUp: false }\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', fx.configFile, 'daemon'], { cwd: ROOT, env: { ...process.env, ZWGK_SMTP_HOST: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      for (const end = Date.now() + 60_000; !out.includes('网页控制台') && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`网页控制台：http://zwgk.test（监听 http://127.0.0.1:${port}）`);
      const login = await fetch(`http://127.0.0.1:${port}/login`);
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
