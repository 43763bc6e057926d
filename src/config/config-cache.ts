import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { codeStamp, moduleFile, moduleGraph, writeCacheFile } from '../disk-cache.js';
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

/** The module that loads and validates a config: it and its imports are the code a cached config depends on. */
const LOADER = new URL('./load.js', import.meta.url);

interface CacheEntry {
  format: 1;
  /** The loader's modules and the package manifests (`moduleGraph`), and their `codeStamp` when the entry was made. */
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
  const modules = moduleGraph(LOADER);
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
  const fresh = entry?.format === 1 && entry.loaded?.file === path && Array.isArray(entry.modules) && entry.modules[0] === moduleFile(LOADER)
    && entry.code === codeStamp(entry.modules)
    && Array.isArray(entry.sources)
    && entry.sources[0]?.file === path && entry.sources.every((s) => sha256OfFile(s.file) === s.sha256);
  return fresh ? entry.loaded : undefined;
}

function writeEntry(entry: CacheEntry): void {
  const json = JSON.stringify(entry);
  // Only what JSON gives back unchanged (a value JSON cannot hold would come back different).
  if (isDeepStrictEqual((JSON.parse(json) as CacheEntry).loaded, entry.loaded)) writeCacheFile(entry.loaded.dataDir, CONFIG_CACHE_FILE, json);
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
