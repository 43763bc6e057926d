import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { LoadedConfig } from './load.js';
import type { ConfigSource } from './read-yaml.js';

/**
 * Parsing and validating a large district config (YAML, then zod) costs more than scoring it. A config
 * that validated is kept, as JSON, in its data directory and reused while every file it was read from
 * (the district YAML, the scheme, any other YAML the loader reads) and the code that validates it are
 * unchanged: each is checked by SHA-256 (files) or size and time (code) on every use. A config that does
 * not validate is never cached, so it fails with the loader's own error every time.
 */
export const CONFIG_CACHE_FILE = 'config-cache.json';

interface CacheEntry {
  format: 1;
  /** The loader's modules and the package manifests, and their `codeStamp` when the entry was made. */
  modules: string[];
  code: string;
  sources: ConfigSource[];
  loaded: LoadedConfig;
}

/** The validated config of `file`, from the cache when it still holds, else loaded in full (and cached when possible). */
export async function loadConfigCached(file: string): Promise<LoadedConfig> {
  const path = resolve(file);
  const hint = dataDirHint(path);
  const hit = hint === undefined ? undefined : readEntry(join(hint, CONFIG_CACHE_FILE), path);
  if (hit) return hit;
  const [{ loadConfig }, { recordSources }] = await Promise.all([import('./load.js'), import('./read-yaml.js')]);
  const modules = loaderModules();
  const code = codeStamp(modules);
  const { result: loaded, sources } = recordSources(() => loadConfig(path));
  writeEntry({ format: 1, modules, code, sources, loaded });
  return loaded;
}

function readEntry(cacheFile: string, path: string): LoadedConfig | undefined {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  // Made by this copy of the code (another install may share the data directory) and still current.
  const fresh = entry?.format === 1 && entry.loaded?.file === path && Array.isArray(entry.modules) && entry.modules[0] === loaderFile()
    && entry.code === codeStamp(entry.modules)
    && Array.isArray(entry.sources)
    && entry.sources[0]?.file === path && entry.sources.every((s) => sha256OfFile(s.file) === s.sha256);
  return fresh ? entry.loaded : undefined;
}

/** Best effort: a data directory that does not exist yet or cannot be written just means no cache. */
function writeEntry(entry: CacheEntry): void {
  const dir = entry.loaded.dataDir;
  if (!existsSync(dir)) return;
  const json = JSON.stringify(entry);
  // Only what JSON gives back unchanged (a value JSON cannot hold would come back different).
  if (!isDeepStrictEqual((JSON.parse(json) as CacheEntry).loaded, entry.loaded)) return;
  const target = join(dir, CONFIG_CACHE_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, json);
    renameSync(temp, target);
  } catch {
    rmSync(temp, { force: true });
  }
}

function sha256OfFile(file: string): string | undefined {
  try {
    // As `readYaml` hashes it: the text that was parsed.
    return createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Where the config's data directory is, read from its text without parsing it (parsing is what the cache
 * saves): `district.dataDir` as a plain or quoted scalar, or the schema's default `../data`. Only a guess:
 * the entry found there is used only if its hashes match, and a config written differently just is not cached.
 */
export function dataDirHint(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const block = /^district:[ \t]*(?:#.*)?\r?\n((?:[ \t]+.*(?:\r?\n|$)|[ \t]*(?:#.*)?\r?\n)*)/m.exec(text);
  if (!block) return undefined;
  const indent = /^([ \t]+)\S/m.exec(block[1])?.[1];
  const line = indent === undefined ? null : new RegExp(`^${indent}dataDir:[ \\t]*(.*?)[ \\t]*(?:[ \\t]#.*)?\\r?$`, 'm').exec(block[1]);
  const value = line ? scalar(line[1]) : '../data';
  return value === undefined ? undefined : resolve(dirname(path), value);
}

function scalar(raw: string): string | undefined {
  if (/^'[^']*'$/.test(raw)) return raw.slice(1, -1);
  if (/^"[^"\\]*"$/.test(raw)) return raw.slice(1, -1);
  return /^[^'"[\]{}&*!|>%@`#,]\S*(?:[ \t]+\S+)*$/.test(raw) ? raw : undefined;
}

/**
 * The code a config is validated by: the loader's modules (its imports followed through this package's
 * files, listed when the entry was made) by size and time, the package's manifests (dependency versions)
 * likewise, and Node's version. Editing, rebuilding or upgrading any of them makes the entry stale.
 */
export function codeStamp(modules: string[]): string {
  const hash = createHash('sha256').update(process.version);
  for (const file of modules) {
    try {
      const s = statSync(file);
      hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
    } catch {
      hash.update(`${file}\0missing\n`);
    }
  }
  return hash.digest('hex');
}

const loaderFile = () => sourceFile(fileURLToPath(new URL('./load.js', import.meta.url)));

/** `load.js` (first) and every module it imports, found in their text (a miss only: an entry keeps the list). */
function loaderModules(): string[] {
  const seen = new Set<string>();
  const todo = [loaderFile()];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)) todo.push(sourceFile(resolve(dirname(file), m[1])));
  }
  const [entry, ...imported] = seen;
  const root = packageRoot(dirname(entry));
  const manifests = root === undefined ? [] : ['package.json', 'package-lock.json'].map((m) => join(root, m)).filter((f) => existsSync(f));
  return [entry, ...imported.sort(), ...manifests];
}

/** A compiled module is `x.js`; run from the sources (tsx) the file is `x.ts`. */
function sourceFile(path: string): string {
  return existsSync(path) ? path : path.replace(/\.js$/, '.ts');
}

function packageRoot(from: string): string | undefined {
  for (let dir = from, up = 0; up < 5; dir = dirname(dir), up++) if (existsSync(join(dir, 'package.json'))) return dir;
  return undefined;
}
