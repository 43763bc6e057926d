import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What caches kept on disk between commands (`config/config-cache.ts`, `score-cache.ts`) share.
 *
 * What a cached result was computed by: a module, every module it imports through this package's files, and the package's
 * manifests (dependency versions). `codeStamp` turns such a list into a fingerprint that changes when
 * any of them is edited, rebuilt or upgraded, or Node is.
 */
export function moduleGraph(entryUrl: URL): string[] {
  const seen = new Set<string>();
  const todo = [moduleFile(entryUrl)];
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

/** The files by size and modification time, and Node's version: cheap enough to check on every use. */
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

/** The file of a module URL as it runs: compiled `x.js`, or `x.ts` when run from the sources (tsx). */
export function moduleFile(url: URL): string {
  return sourceFile(fileURLToPath(url));
}

/**
 * Best effort: writes `text` to `dir/name` whole or not at all (a reader never sees half a file); a
 * directory that does not exist or cannot be written just means no cache.
 */
export function writeCacheFile(dir: string, name: string, text: string): void {
  if (!existsSync(dir)) return;
  const target = join(dir, name);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch {
    rmSync(temp, { force: true });
  }
}

function sourceFile(path: string): string {
  return existsSync(path) ? path : path.replace(/\.js$/, '.ts');
}

function packageRoot(from: string): string | undefined {
  for (let dir = from, up = 0; up < 5; dir = dirname(dir), up++) if (existsSync(join(dir, 'package.json'))) return dir;
  return undefined;
}
