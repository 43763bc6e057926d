import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { ScoredCache } from '../src/web/scored-cache.js';
import { startConsole, type ConsoleFixture } from './web-fixture.js';

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
});
