import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';

const ROOT = resolve(import.meta.dirname, '..');

function writeConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-config-'));
  mkdirSync(join(dir, 'schemes'));
  copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(dir, 'schemes/s.yaml'));
  const file = join(dir, 'district.yaml');
  writeFileSync(file, yaml);
  return file;
}

function problems(file: string): string[] {
  try {
    loadConfig(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

const VALID = `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: schemes/s.yaml
units:
  - id: town-a
    name: 甲镇
    type: town
    columns:
      - { name: 工作动态, url: "http://127.0.0.1/a/", category: news }
`;

describe('config', () => {
  it('loads the shipped example district and the demo district', () => {
    const example = loadConfig(join(ROOT, 'config/district.yaml'));
    expect(example.config.units.length).toBeGreaterThan(0);
    expect(example.config.crawl.hosts['www.yj.gov.cn']).toEqual({ concurrency: 2, minIntervalMs: 500 });
    expect(example.scheme.id).toBe('yanjiang-2021');
    expect(loadConfig(join(ROOT, 'config/demo/district.yaml')).config.district.name).toBe('演示区');
  });

  it('fills defaults', () => {
    const { config, dataDir } = loadConfig(writeConfig(VALID));
    expect(config.crawl.concurrencyPerHost).toBe(4);
    expect(config.crawl.browser.executablePath).toBe('/usr/bin/chromium');
    expect(config.units[0].columns[0].required).toEqual([]);
    expect(dataDir.endsWith('data')).toBe(true);
  });

  it('names file, key path and expectation for every error at once', () => {
    const file = writeConfig(VALID
      .replace('category: news', 'category: newz')
      .replace('type: town', 'type: village')
      .replace('"http://127.0.0.1/a/"', 'ftp://x/')
      .replace('start: 2026-01-01', 'start: 2026-02-30'));
    const lines = problems(file);
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.startsWith(`${file}: `))).toBe(true);
    expect(lines.join('\n')).toContain('units[0].columns[0].category: expected one of');
    expect(lines.join('\n')).toContain('units[0].type: expected one of');
    expect(lines.join('\n')).toContain('units[0].columns[0].url: expected an http:// or https:// URL');
    expect(lines.join('\n')).toContain('district.period.start: expected a date as YYYY-MM-DD');
  });

  it('rejects unknown keys, missing keys and duplicates', () => {
    const lines = problems(writeConfig(`${VALID}
  - id: town-a
    name: 甲镇
    type: town
    colums: []
crawl:
  concurencyPerHost: 3
`));
    const text = lines.join('\n');
    expect(text).toContain('units[1]: unknown key(s) "colums"');
    expect(text).toContain('crawl: unknown key(s) "concurencyPerHost"');
    const dup = problems(writeConfig(`${VALID}
  - id: town-a
    name: 乙镇
    type: town
`)).join('\n');
    expect(dup).toContain('units[1].id: duplicate unit id "town-a" (also units[0])');
    const missing = problems(writeConfig(VALID.replace('  name: 测试区\n', ''))).join('\n');
    expect(missing).toContain('district.name: required');
  });

  it('reports YAML syntax errors with their line and a missing scheme file', () => {
    const syntax = problems(writeConfig('district:\n  name: [unclosed\n'));
    expect(syntax[0]).toMatch(/line \d+, column \d+: YAML syntax error/);
    const scheme = problems(writeConfig(VALID.replace('schemes/s.yaml', 'schemes/none.yaml'))).join('\n');
    expect(scheme).toContain('none.yaml: cannot read file (ENOENT)');
  });

  it('rejects a required-posting title that is not a regular expression', () => {
    const text = problems(writeConfig(VALID.replace('category: news }', 'category: news, required: [{ label: 年报, title: "年报(", due: 01-31 }] }'))).join('\n');
    expect(text).toContain('units[0].columns[0].required[0].title: expected a regular expression');
  });
});
