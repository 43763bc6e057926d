/**
 * Precision and recall of the wording checker (the shipped lexicon) on the labelled corpus in
 * test/fixtures/lexicon-corpus/corpus.tsv. A sentence counts as found for a category when the checker
 * reports at least one hit of that category; any hit on a clean sentence is a false positive.
 *   npx tsx test/bench/lexicon-bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledLexiconFiles, loadLexicon } from '../../src/content/lexicon.js';
import { checkWording, compileLexicon } from '../../src/content/wording-check.js';

const CATEGORIES = ['leader-name', 'leader-title', 'retired-agency', 'phrase', 'usage'] as const;
const file = join(import.meta.dirname, '../fixtures/lexicon-corpus/corpus.tsv');
const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((line, i) => {
  const [label, date, sentence] = line.split('\t');
  if (!sentence || !(label === 'clean' || (CATEGORIES as readonly string[]).includes(label))) throw new Error(`${file}: line ${i + 2}: expected label<TAB>date<TAB>sentence`);
  return { label, date, sentence };
});

const lexicon = compileLexicon(loadLexicon(bundledLexiconFiles(), '/'));
const started = performance.now();
const stats = new Map<string, { tp: number; fp: number; fn: number }>(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
const falsePositives: string[] = [];
const misses: string[] = [];
for (const r of rows) {
  const found = new Set(checkWording(r.sentence, r.date, lexicon).map((h) => h.category));
  for (const c of CATEGORIES) {
    const s = stats.get(c)!;
    if (found.has(c) && r.label === c) s.tp++;
    else if (found.has(c)) { s.fp++; falsePositives.push(`${c}: ${r.sentence}`); }
    else if (r.label === c) { s.fn++; misses.push(`${c}: ${r.sentence}`); }
  }
}
const ms = performance.now() - started;
const pct = (a: number, b: number) => (b === 0 ? '   —  ' : `${((a / b) * 100).toFixed(1).padStart(5)}%`);
const total = { tp: 0, fp: 0, fn: 0 };
console.log(`corpus: ${rows.length} sentences (${rows.filter((r) => r.label === 'clean').length} clean, ${rows.filter((r) => r.label !== 'clean').length} with a planted error)`);
console.log('category        planted  found  false+  precision  recall');
for (const c of CATEGORIES) {
  const s = stats.get(c)!;
  total.tp += s.tp; total.fp += s.fp; total.fn += s.fn;
  console.log(`${c.padEnd(15)} ${String(s.tp + s.fn).padStart(7)} ${String(s.tp).padStart(6)} ${String(s.fp).padStart(7)}    ${pct(s.tp, s.tp + s.fp)}  ${pct(s.tp, s.tp + s.fn)}`);
}
console.log(`${'overall'.padEnd(15)} ${String(total.tp + total.fn).padStart(7)} ${String(total.tp).padStart(6)} ${String(total.fp).padStart(7)}    ${pct(total.tp, total.tp + total.fp)}  ${pct(total.tp, total.tp + total.fn)}`);
console.log(`checked in ${ms.toFixed(1)} ms (${((ms * 1000) / rows.length).toFixed(0)} µs a sentence)`);
if (falsePositives.length) console.log(`\nfalse positives:\n  ${falsePositives.join('\n  ')}`);
if (misses.length) console.log(`\nmissed (outside the lexicon or its context rules):\n  ${misses.join('\n  ')}`);
