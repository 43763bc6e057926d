import { openApp } from './dist/src/app.js';
import { loadDistrictFacts } from './dist/src/store/district-facts.js';
const app = openApp('/tmp/ss-year/district.yaml', undefined, { readonly: true });
const { facts } = loadDistrictFacts(app.db, app.loaded.config, '2026-12-31');
let cols = 0, obs = 0, dates = 0, items = 0, links = 0;
for (const u of facts.columns.values()) for (const c of u.values()) { cols++; obs += c.observations.length; items += c.items.length; for (const o of c.observations) { dates += o.seenOn.length; links += o.failedLinks.length; } }
console.log({ cols, obs, dates, items, links, letters: facts.letters.length, cases: facts.cases.length });
