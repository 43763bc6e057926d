import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SHAPES } from '../src/config/schema.js';
import { DETECTION_ORDER, SHAPES_BY_ID } from '../crawlers/index.js';

const ROOT = resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every module a file names in an import or export (static or dynamic), relative ones resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(dirname(file), s)).replace(/\.js$/, '.ts') : s));
}

function violations(dirs: string[], forbidden: (spec: string) => boolean): string[] {
  return dirs.flatMap(tsFiles).flatMap((file) => importsOf(file).filter(forbidden).map((spec) => `${relative(ROOT, file)} imports ${spec}`));
}

describe('architecture', () => {
  it('keeps scoring pure: nothing under src/scoring/ reaches the database or the app', () => {
    const impure = (spec: string) => spec === 'better-sqlite3' || spec === 'src/store/db.ts' || spec === 'src/app.ts';
    expect(violations(['src/scoring'], impure)).toEqual([]);
    const queries = tsFiles('src/scoring').filter((f) => /\.prepare\(|\.pragma\(|\.exec\(/.test(readFileSync(f, 'utf8')));
    expect(queries.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('keeps crawling apart from scoring: crawlers record facts and never call a judgment', () => {
    const scoring = (spec: string) => spec.startsWith('src/scoring/');
    expect(violations(['src/audit', 'src/fetch', 'src/mailbox', 'crawlers'], scoring)).toEqual([]);
  });

  it('finds the imports it checks (the checks above can fail)', () => {
    expect(importsOf(join(ROOT, 'src/store/district-facts.ts'))).toContain('src/store/db.ts');
    expect(importsOf(join(ROOT, 'src/score-stored.ts'))).toEqual(expect.arrayContaining(['src/app.ts', 'src/scoring/score-district.ts']));
    expect(violations(['src/store'], (s) => s.startsWith('src/scoring/')).length).toBeGreaterThan(0);
  });

  it('has one page-shape module per static shape id, each detected once', () => {
    for (const [id, module] of Object.entries(SHAPES_BY_ID)) expect(module.id).toBe(id);
    expect(Object.keys(SHAPES_BY_ID).sort()).toEqual(SHAPES.filter((s) => s !== 'browser').sort());
    expect([...DETECTION_ORDER].sort()).toEqual(Object.keys(SHAPES_BY_ID).sort());
  });
});
