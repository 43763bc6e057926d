/**
 * Measures what a 2 MB XLSX zip bomb (2 GiB of zeros) costs now that the zip guard refuses it: peak RSS
 * and wall time of each import command's whole CLI process (GNU time), and of the refusal alone inside
 * a fresh process. Not a test; run with `npx tsx test/bench/zip-bomb.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readWorkbook } from '../../src/files/read-workbook.js';
import { deflatedZeros, xlsxMembers, zipArchive } from '../zip-builder.js';

const ROOT = resolve(import.meta.dirname, '../..');
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

async function inside(file: string): Promise<void> {
  const before = process.resourceUsage().maxRSS;
  const started = performance.now();
  const error = await readWorkbook(file).then(() => 'not refused', (e: Error) => e.message);
  const ms = performance.now() - started;
  process.stdout.write(`  refusal alone: ${ms.toFixed(0)} ms, peak RSS ${mib(before)} before → ${mib(process.resourceUsage().maxRSS)} after: ${error}\n`);
}

function timed(args: string[]): { rss: string; seconds: number; status: number | null; stderr: string } {
  const run = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, '--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8' });
  const [rssKb, seconds] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { rss: mib(rssKb), seconds, status: run.status, stderr: run.stderr };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-zip-bomb-'));
  try {
    const config = join(dir, 'district.yaml');
    writeFileSync(config, `district:
  name: 测试区
  period: { start: 2021-01-01, end: 2021-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: data
  operator: 测试
units:
  - { id: edu, name: 区教育局, type: department }
`);
    const bomb = await deflatedZeros('xl/worksheets/sheet1.xml', 2048 * 1024 * 1024);
    const base = timed([join(ROOT, 'src/cli/main.ts'), '-c', config, 'config', 'check']);
    process.stdout.write(`baseline, zwgk config check: peak RSS ${base.rss}, ${base.seconds} s\n`);
    for (const [label, claimed] of [['honest headers', undefined], ['headers claiming 1 KB', 1024]] as const) {
      const file = join(dir, 'bomb.xlsx');
      writeFileSync(file, zipArchive(xlsxMembers({ ...bomb, claimedSize: claimed })));
      process.stdout.write(`${(statSync(file).size / 1e6).toFixed(2)} MB bomb of 2 GiB, ${label}\n`);
      for (const command of [['import', 'applications'], ['form', 'import']]) {
        const run = timed([join(ROOT, 'src/cli/main.ts'), '-c', config, ...command, file]);
        process.stdout.write(`  zwgk ${command.join(' ')}: exit ${run.status}, peak RSS ${run.rss}, ${run.seconds} s; ${run.stderr.includes('已拒绝读取') ? 'refused' : run.stderr}\n`);
      }
      process.stdout.write(spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--inside', file], { cwd: ROOT, encoding: 'utf8' }).stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--inside') await inside(process.argv[3]);
else await main();
