import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { ScoredCache } from '../src/web/scored-cache.js';
import { startConsole, type ConsoleFixture } from './web-fixture.js';
import { ProbesRepo } from '../src/store/probes-repo.js';
import { ContentRepo } from '../src/store/content-repo.js';
import { plantSiteFacts } from './site-facts-fixture.js';

describe('scored data cache', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsole({ listen: false });
  });
  afterAll(async () => fx?.close());

  it('computes once per version of the facts; a manual entry renews what it can change and nothing else; a run renews both', () => {
    const cache = new ScoredCache(fx.app);
    const calls = { board: 0, trend: 0 };
    const read = () => {
      cache.get('board:x', () => ++calls.board);
      cache.get('trend:x', () => ++calls.trend, { manual: false });
    };
    read();
    read();
    expect(calls).toEqual({ board: 1, trend: 1 });
    new ManualEntriesRepo(fx.app.db).append([{ schemeId: fx.app.loaded.scheme.id, unitId: 'town-a', itemNo: 12, value: { count: 1 }, evidence: null, enteredBy: 't', enteredAt: fx.clock.now().toISOString(), source: 'cli' }]);
    read();
    expect(calls).toEqual({ board: 2, trend: 1 });
    new ObservationsRepo(fx.app.db).startRun('2021-11-20', null, fx.clock.now());
    read();
    read();
    expect(calls).toEqual({ board: 3, trend: 2 });
  });

  it('renews on a census, a content finding opening or closing and a site going down; a probe that changes no state does not', () => {
    const cache = new ScoredCache(fx.app);
    let n = 0;
    const read = () => cache.get('board:y', () => ++n);
    read();
    plantSiteFacts(fx.app.db, 'town-a', '2026-11-20');
    read();
    expect(n).toBe(2);
    new ProbesRepo(fx.app.db).add({ unitId: 'town-a', url: 'http://a/', at: '2026-11-20T05:00:00Z', ok: false, status: 503, ms: 9, outcome: 'http-error', error: null });
    read();
    expect(n).toBe(2);
    new ProbesRepo(fx.app.db).setState('town-a', { state: 'up', since: '2026-11-20T06:00:00.000Z', failuresInRow: 0 });
    read();
    expect(n).toBe(3);
    const content = new ContentRepo(fx.app.db);
    content.save('town-a', '2026-11-20', [], [{ category: 'phrase', severity: 'deduction', rule: 'p', matched: '载止', expected: '截止', sentence: '报名载止日期', pageUrl: 'http://a/1.html', pageTitle: null, evidence: null, valueHash: content.valueHash('x') }]);
    read();
    expect(n).toBe(4);
    content.allow(content.list({ unitId: 'town-a' })[0].id, '误报', 't', fx.clock.now(), '2026-11-20');
    read();
    read();
    expect(n).toBe(5);
  });
});
