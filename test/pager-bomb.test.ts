import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { MAX_PAGER_PAGES } from '../crawlers/pager.js';
import { CLAIMED, bombSite } from './pager-bomb-fixture.js';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const { routes, cases } = bombSite();
let site: SiteServer;
beforeAll(async () => { site = await serveSite({ routes }); });
afterAll(async () => { await site.close(); });

describe('a pager claiming 2,000,000,000 pages', () => {
  it('is read in bounded memory: each crawl finishes, cut short at the page cap, with a clamped next list', async () => {
    // The whole crawl runs in a child with a 192 MB heap: allocating per claimed page would crash it.
    const { stdout } = await run(process.execPath, [
      '--max-old-space-size=192', '--import', 'tsx', join(ROOT, 'test/probes/pager-bomb.ts'), site.origin, JSON.stringify(cases),
    ], { cwd: ROOT, maxBuffer: 4 * 2 ** 20 });
    const { results } = JSON.parse(stdout) as { results: Record<string, unknown>[] };
    expect(results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
    for (const r of results) {
      expect(r.firstNext, r.name as string).toBeGreaterThanOrEqual(1);
      expect(r.firstNext, r.name as string).toBeLessThanOrEqual(MAX_PAGER_PAGES);
      if (cases.find((c) => c.name === r.name)!.kind === 'column') {
        expect(r, r.name as string).toMatchObject({ listEnd: 'page-cap', pagesFetched: 5, items: 20 });
      } else {
        expect(r, r.name as string).toMatchObject({ listComplete: false, listPages: 5, letters: 20 });
        expect(r.reason, r.name as string).toContain('信件列表超过 5 页上限，其余未读');
      }
    }
    // The claim itself is kept as stated.
    expect(results.find((r) => String(r.name).startsWith('S1'))?.statedPages).toBe(CLAIMED);
    expect(results.find((r) => String(r.name).startsWith('M8'))?.statedPages).toBe(CLAIMED);
  });
});
