import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, zodProblems, type ConfigProblem } from '../config/errors.js';
import { readYaml } from '../config/read-yaml.js';

const chars = z.array(z.string().length(1)).default([]);

const leaderSchema = z.strictObject({
  name: z.string().min(2),
  posts: z.array(z.string().min(1)).default([]),
  misspellings: z.array(z.string().min(2)).default([]),
  wrongTitles: z.array(z.string().min(1)).default([]),
});

const agencySchema = z.strictObject({
  name: z.string().min(3),
  until: z.string().regex(/^\d{4}-\d{2}$/, 'expected the month the name ended, as YYYY-MM'),
  now: z.string().min(1),
  notFollowedBy: chars,
});

const phraseSchema = z.strictObject({
  wrong: z.string().min(2),
  right: z.string().min(2),
  notPrecededBy: chars,
  notFollowedBy: chars,
});

const patternSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected a lower-case slug'),
  regex: z.string().refine((s) => { try { new RegExp(s, 'u'); return true; } catch { return false; } }, { message: 'expected a valid regular expression' }),
  expected: z.string().min(1),
  note: z.string().optional(),
});

/** One lexicon file: any of the four sections. */
export const lexiconFileSchema = z.strictObject({
  leaders: z.array(leaderSchema).default([]),
  agencies: z.array(agencySchema).default([]),
  phrases: z.array(phraseSchema).default([]),
  patterns: z.array(patternSchema).default([]),
});

export type LexiconLeader = z.infer<typeof leaderSchema>;
export type LexiconAgency = z.infer<typeof agencySchema>;
export type LexiconPhrase = z.infer<typeof phraseSchema>;
export type LexiconPattern = z.infer<typeof patternSchema>;
export type Lexicon = z.infer<typeof lexiconFileSchema>;

/** Reads and merges lexicon files (paths relative to `baseDir`); every problem names its file and key. */
export function loadLexicon(files: string[], baseDir: string): Lexicon {
  const merged: Lexicon = { leaders: [], agencies: [], phrases: [], patterns: [] };
  const problems: ConfigProblem[] = [];
  for (const f of files) {
    const file = resolve(baseDir, f);
    let raw: unknown;
    try {
      raw = readYaml(file);
    } catch (err) {
      if (err instanceof ConfigError) { problems.push(...err.problems); continue; }
      throw err;
    }
    const parsed = lexiconFileSchema.safeParse(raw ?? {}, { reportInput: true });
    if (!parsed.success) { problems.push(...zodProblems(file, parsed.error)); continue; }
    merged.leaders.push(...parsed.data.leaders);
    merged.agencies.push(...parsed.data.agencies);
    merged.phrases.push(...parsed.data.phrases);
    merged.patterns.push(...parsed.data.patterns);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return merged;
}

/** The lexicon shipped with zwgk: `config/lexicon/*.yaml` above this module (from the sources or from dist/). */
export function bundledLexiconFiles(): string[] {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'config', 'lexicon');
    if (existsSync(candidate)) return readdirSync(candidate).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(candidate, f));
  }
  throw new Error('找不到随 zwgk 提供的词库（config/lexicon/*.yaml）');
}

/** The lexicon a district uses: its own files (`content.lexicon`, relative to the config file) or the shipped one. */
export function districtLexicon(files: string[], configFile: string): Lexicon {
  return files.length > 0 ? loadLexicon(files, dirname(configFile)) : loadLexicon(bundledLexiconFiles(), '/');
}
