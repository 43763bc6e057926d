import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { CONFIG_CACHE_FILE, dataDirHint, loadConfigCached } from '../src/config/config-cache.js';
import { ConfigError } from '../src/config/errors.js';

const ROOT = resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const district = (dataDir: string | null) => `
district:
  name: 缓存测试区   # a comment
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: schemes/s.yaml
${dataDir === null ? '' : `  dataDir: ${dataDir}\n`}units:
  - id: town-a
    name: 甲镇
    type: town
    columns:
      - { name: 工作动态, url: "http://127.0.0.1/a/", category: news }
      - name: 年报
        url: http://127.0.0.1/b/
        category: annual-report
        required: [{ label: 年报, title: "{prevYear}年.*年度报告", due: "01-31" }]
`;

/** A config folder with its scheme and data directory; the config file is returned. */
function folder(yaml = district('data'), dataDir = 'data'): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-config-cache-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'schemes'));
  mkdirSync(join(dir, dataDir), { recursive: true });
  copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(dir, 'schemes/s.yaml'));
  const file = join(dir, 'district.yaml');
  writeFileSync(file, yaml);
  return file;
}

function configError(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

async function cachedError(file: string): Promise<string> {
  const err = await loadConfigCached(file).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message;
}

/** Marks the cached entry so that a later load shows whether it came from the cache. */
function markCache(cacheFile: string): void {
  const entry = JSON.parse(readFileSync(cacheFile, 'utf8')) as { loaded: { config: { district: { name: string } } } };
  entry.loaded.config.district.name = '来自缓存';
  writeFileSync(cacheFile, JSON.stringify(entry));
}

describe('the parsed-config cache', () => {
  it('gives what the full loader gives, then reuses it from the data directory while nothing changed', async () => {
    const file = folder();
    const cacheFile = join(file, '..', 'data', CONFIG_CACHE_FILE);
    const first = await loadConfigCached(file);
    expect(first).toEqual(loadConfig(file));
    expect(existsSync(cacheFile)).toBe(true);
    expect(await loadConfigCached(file)).toEqual(first);
    markCache(cacheFile);
    expect((await loadConfigCached(file)).config.district.name).toBe('来自缓存');
  });

  it('is invalidated when the district YAML changes, even by a byte', async () => {
    const file = folder();
    const cacheFile = join(file, '..', 'data', CONFIG_CACHE_FILE);
    await loadConfigCached(file);
    markCache(cacheFile);
    writeFileSync(file, district('data').replace('甲镇', '乙镇'));
    const loaded = await loadConfigCached(file);
    expect(loaded.config.units[0].name).toBe('乙镇');
    expect(loaded.config.district.name).toBe('缓存测试区');
    expect(loaded).toEqual(loadConfig(file));
    writeFileSync(file, `${district('data')} `);
    markCache(cacheFile);
    expect((await loadConfigCached(file)).config.district.name).toBe('缓存测试区');
  });

  it('is invalidated when the scheme changes', async () => {
    const file = folder();
    const scheme = join(file, '..', 'schemes/s.yaml');
    const before = await loadConfigCached(file);
    markCache(join(file, '..', 'data', CONFIG_CACHE_FILE));
    writeFileSync(scheme, readFileSync(scheme, 'utf8').replace(/^title: .*$/m, 'title: 改过的方案'));
    const after = await loadConfigCached(file);
    expect(after.scheme.title).toBe('改过的方案');
    expect(after.scheme.title).not.toBe(before.scheme.title);
    expect(after.config.district.name).toBe('缓存测试区');
    expect(after).toEqual(loadConfig(file));
  });

  it('a config broken after it was cached fails with the loader\'s own error, every time', async () => {
    const breakages: [string, (yaml: string) => string][] = [
      ['YAML syntax', (y) => y.replace('type: town', 'type: [town')],
      ['unknown key', (y) => y.replace('type: town', 'type: town\n    colour: red')],
      ['bad value', (y) => y.replace('category: news', 'category: gossip')],
      ['missing scheme', (y) => y.replace('schemes/s.yaml', 'schemes/none.yaml')],
    ];
    for (const [what, broken] of breakages) {
      const file = folder();
      await loadConfigCached(file);
      writeFileSync(file, broken(district('data')));
      const expected = configError(() => loadConfig(file));
      expect(await cachedError(file), what).toBe(expected);
      expect(await cachedError(file), what).toBe(expected);
    }
    const file = folder();
    await loadConfigCached(file);
    const scheme = join(file, '..', 'schemes/s.yaml');
    writeFileSync(scheme, readFileSync(scheme, 'utf8').replace(/^id: .*$/m, 'id: [oops'));
    expect(await cachedError(file)).toBe(configError(() => loadConfig(file)));
  });

  it('a damaged cache file is read past and replaced', async () => {
    const file = folder();
    const cacheFile = join(file, '..', 'data', CONFIG_CACHE_FILE);
    for (const damage of ['{"format":1,"code":', '', 'null', '{"format":1}', '{"format":1,"sources":[],"loaded":{}}']) {
      writeFileSync(cacheFile, damage);
      expect(await loadConfigCached(file)).toEqual(loadConfig(file));
      expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toMatchObject({ format: 1 });
    }
  });

  it('an entry made for another config file with the same data directory is not used', async () => {
    const file = folder(district('shared'), 'shared');
    const twin = join(file, '..', 'twin.yaml');
    writeFileSync(twin, district('shared'));
    await loadConfigCached(file);
    markCache(join(file, '..', 'shared', CONFIG_CACHE_FILE));
    const loaded = await loadConfigCached(twin);
    expect(loaded.file).toBe(twin);
    expect(loaded.config.district.name).toBe('缓存测试区');
  });

  it('without a data directory yet, loads in full and writes nothing', async () => {
    const file = folder(district('not-yet'));
    expect(await loadConfigCached(file)).toEqual(loadConfig(file));
    expect(existsSync(join(file, '..', 'not-yet'))).toBe(false);
  });

  it('finds the data directory however the config writes it, as the loader resolves it', () => {
    const variants: [string | null, string][] = [
      [null, '../data'], ['data', 'data'], ['./data # where the database lives', 'data'], ['"data dir"', 'data dir'],
      ["'store'", 'store'], ['nested/deeper', 'nested/deeper'],
    ];
    for (const [written, dir] of variants) {
      const file = folder(district(written), dir);
      expect(dataDirHint(file), String(written)).toBe(loadConfig(file).dataDir);
    }
    const absolute = mkdtempSync(join(tmpdir(), 'zwgk-config-cache-abs-'));
    dirs.push(absolute);
    const file = folder(district(absolute));
    expect(dataDirHint(file)).toBe(loadConfig(file).dataDir);
    // Written in a way the hint does not read: no guess (the config then is simply not cached).
    expect(dataDirHint(folder(district('&anchor data')))).toBeUndefined();
    expect(dataDirHint(folder('{ district: { name: x } }'))).toBeUndefined();
  });

  it('keeps working with the example district and the demo district', async () => {
    for (const example of ['config/district.yaml', 'config/demo/district.yaml']) {
      const loaded = loadConfig(join(ROOT, example));
      expect(dataDirHint(join(ROOT, example)), example).toBe(loaded.dataDir);
      expect(JSON.parse(JSON.stringify(loaded)), example).toEqual(loaded);
    }
  });
});

describe('the parsed-config cache and the code', () => {
  it('lists the loader\'s modules and the package manifests, and an entry is stale once any of them changes', async () => {
    const file = folder();
    const cacheFile = join(file, '..', 'data', CONFIG_CACHE_FILE);
    await loadConfigCached(file);
    const entry = JSON.parse(readFileSync(cacheFile, 'utf8')) as { modules: string[]; code: string };
    for (const module of ['src/config/load.ts', 'src/config/schema.ts', 'src/scheme/schema.ts', 'src/schedule/schema.ts', 'package.json']) {
      expect(entry.modules, module).toContain(join(ROOT, module));
    }
    // A stand-in module listed in the entry (with the entry's stamp made for it), then edited.
    const module = join(file, '..', 'module.js');
    writeFileSync(module, 'export const a = 1;\n');
    markCache(cacheFile);
    const marked = JSON.parse(readFileSync(cacheFile, 'utf8')) as { modules: string[]; code: string };
    marked.modules.push(module);
    marked.code = (await import('../src/disk-cache.js')).codeStamp(marked.modules);
    writeFileSync(cacheFile, JSON.stringify(marked));
    expect((await loadConfigCached(file)).config.district.name).toBe('来自缓存');
    writeFileSync(module, 'export const a = 22;\n');
    expect((await loadConfigCached(file)).config.district.name).toBe('缓存测试区');
  });

  it('an entry made by another copy of the code (another install sharing the data directory) is not used', async () => {
    const file = folder();
    const cacheFile = join(file, '..', 'data', CONFIG_CACHE_FILE);
    await loadConfigCached(file);
    markCache(cacheFile);
    const entry = JSON.parse(readFileSync(cacheFile, 'utf8')) as { modules: string[]; code: string };
    const other = join(file, '..', 'load.js');
    writeFileSync(other, 'export {};\n');
    entry.modules[0] = other;
    entry.code = (await import('../src/disk-cache.js')).codeStamp(entry.modules);
    writeFileSync(cacheFile, JSON.stringify(entry));
    expect((await loadConfigCached(file)).config.district.name).toBe('缓存测试区');
  });
});
