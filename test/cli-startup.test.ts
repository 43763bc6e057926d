import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { CONFIG_CACHE_FILE } from '../src/config/config-cache.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_DAY, ROOT, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

/** Packages only some commands need; the rest must start without them. */
const HEAVY = ['exceljs', 'playwright-core', 'nodemailer', 'smtp-server', 'mailparser', 'node-cron', 'cheerio'];

/**
 * Loaded in the child before the CLI: a resolve hook (run in Node's hooks thread) that appends every URL
 * the child resolves to the file named by ZWGK_TEST_LOADS.
 */
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.ZWGK_TEST_LOADS, resolved.url + '\\\\n');
  return resolved;
}\`));
`)}`;

const scratch = mkdtempSync(join(tmpdir(), 'zwgk-startup-test-'));
let district: WeeklyDistrict;
let runs = 0;

beforeAll(async () => {
  district = await weeklyDistrict();
  await district.crawl([REPORT_DAY]);
}, 60_000);

afterAll(async () => {
  await district?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the CLI in a child and returns its output and the npm packages it loaded. */
function zwgk(...args: string[]): { status: number | null; stdout: string; stderr: string; packages: Set<string> } {
  const loads = join(scratch, `loads-${++runs}.txt`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', RECORDER, join(ROOT, 'src/cli/main.ts'), '-c', district.configFile, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ZWGK_TEST_LOADS: loads, ZWGK_NOW: `${REPORT_DAY}T02:00:00Z` },
  });
  const urls = readFileSync(loads, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(urls.flatMap((u) => [...u.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].slice(-1).map((m) => m[1])));
  return { ...child, packages };
}

const heavyIn = (packages: Set<string>) => HEAVY.filter((p) => packages.has(p));

describe('zwgk starts with only what the command uses', () => {
  it('--help and every command group\'s help load commander alone (no config schema, no database)', () => {
    for (const args of [['--help'], ['help', 'score'], ['inspect', '--help'], ['form', 'export', '--help'], ['mail', '--help'], ['daemon', '--help']]) {
      const run = zwgk(...args);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stdout, args.join(' ')).toContain('Usage: zwgk');
      expect([...run.packages], args.join(' ')).toEqual(['commander']);
    }
  });

  it('an option error is reported without loading the command\'s implementation', () => {
    const run = zwgk('score', '--as-of', '2026-13');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('zwgk: --as-of 应为 YYYY-MM-DD 格式的日期，收到 "2026-13"\n');
    expect([...run.packages]).toEqual(['commander']);
  });

  it('score --json reads the config and the database but loads no browser, spreadsheet, HTML or mail library', () => {
    rmSync(join(district.dir, CONFIG_CACHE_FILE), { force: true });
    const run = zwgk('score', '--json', '--as-of', REPORT_DAY);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { units: { id: string }[] }).units.map((u) => u.id)).toEqual(['qingshan', 'shuiwu', 'hexi']);
    expect(run.packages).toContain('better-sqlite3');
    expect(run.packages).toContain('zod');
    // The config's schedule is validated with node-cron, so a command that validates the config loads it.
    expect(heavyIn(run.packages)).toEqual(['node-cron']);
  });

  it('score with the config cached loads neither the YAML parser nor the schemas, and prints the same', () => {
    rmSync(join(district.dir, CONFIG_CACHE_FILE), { force: true });
    const cold = zwgk('score', '--json', '--as-of', REPORT_DAY);
    expect(existsSync(join(district.dir, CONFIG_CACHE_FILE))).toBe(true);
    for (const args of [['score', '--json', '--as-of', REPORT_DAY], ['score', '--as-of', REPORT_DAY], ['score', '--all', '--as-of', REPORT_DAY]]) {
      const run = zwgk(...args);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stdout.length, args.join(' ')).toBeGreaterThan(0);
      expect([...run.packages].filter((p) => ['yaml', 'zod', ...HEAVY].includes(p)), args.join(' ')).toEqual([]);
    }
    expect(zwgk('score', '--json', '--as-of', REPORT_DAY).stdout).toBe(cold.stdout);
  });

  it('manual list stays as light as score --json', () => {
    const run = zwgk('manual', 'list');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(heavyIn(run.packages)).toEqual(['node-cron']);
  });

  it('a command that needs a heavy library still loads it when it runs (form export loads exceljs)', () => {
    const out = join(scratch, 'form.xlsx');
    const run = zwgk('form', 'export', '--all', '--as-of', REPORT_DAY, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`已导出：${out}`);
    expect(heavyIn(run.packages)).toEqual(['exceljs', 'node-cron']);
  });
});
