import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';
import { parseListen } from '../src/web/listen.js';
import { SCHEME_2021 } from './assessment-helpers.js';
import { USERS, injectLogin, startConsole } from './web-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'zwgk-web-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(web: string): ReturnType<typeof loadConfig> | string[] {
  const file = join(dir, `d-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `district: { name: 测试区, period: { start: 2026-01-01, end: 2026-12-31 }, scheme: ${SCHEME_2021} }
units: [{ id: town-a, name: 甲镇, type: town }]
${web}`);
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
}

describe('web: config block', () => {
  it('is optional (no console in the daemon) and fills defaults when present', () => {
    const none = load('');
    expect(Array.isArray(none) ? none : none.config.web).toBeUndefined();
    const some = load('web: { baseUrl: "https://zwgk.example.gov.cn" }');
    expect(Array.isArray(some) ? some : some.config.web).toEqual({
      listen: '127.0.0.1:8080', baseUrl: 'https://zwgk.example.gov.cn', sessionHours: 12, lockoutFailures: 5, lockoutMinutes: 15,
      loginRatePerMinute: 10, trustProxy: false,
    });
  });

  it('names the key and what was expected for bad values and unknown keys', () => {
    const bad = load('web: { listen: "8080", baseUrl: "zwgk.local", lockoutFailures: 0, sesionHours: 2 }');
    expect(Array.isArray(bad)).toBe(true);
    const text = (bad as string[]).join('\n');
    expect(text).toContain('web.listen');
    expect(text).toContain('expected HOST:PORT such as 127.0.0.1:8080');
    expect(text).toContain('web.baseUrl');
    expect(text).toContain('web.lockoutFailures');
    expect(text).toContain('sesionHours');
  });

  it('parses listen addresses, IPv6 included, and refuses others', () => {
    expect(parseListen('0.0.0.0:80')).toEqual({ host: '0.0.0.0', port: 80 });
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(() => parseListen('localhost')).toThrow('监听地址应为 HOST:PORT');
    expect(() => parseListen('h:70000')).toThrow('监听地址应为 HOST:PORT');
  });

  it('marks cookies Secure and sends HSTS when the console is served over https', async () => {
    const fx = await startConsole({ listen: false, web: { baseUrl: 'https://zwgk.example.gov.cn' } });
    try {
      const form = await fx.server.inject({ method: 'GET', url: '/login' });
      expect(String(form.headers['set-cookie'])).toMatch(/Secure/);
      expect(form.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(form.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      const { jar, status } = await injectLogin(fx.server, USERS.admin);
      expect(status).toBe(303);
      expect(jar.header()).toContain('zwgk_session=');
    } finally {
      await fx.close();
    }
  });
});
