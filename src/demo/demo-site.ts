import { serveSite } from './site-server.js';
import { routeQueries, type Routes } from './templates/page.js';
import { cuihu, shiqiao, wangjiang, yunling } from './units/towns.js';
import { fgj, jyj, spj, wjj, wjjMoved } from './units/departments.js';
import { demoMailboxRoutes } from './mailbox.js';

/**
 * The bundled demo district's web sites, generated from compact descriptions (`units/`) with one
 * template per page shape (`templates/`), so every shape and quirk appears somewhere. Dates are relative
 * to the demo's as-of date, so the findings never age. `config/demo/district.yaml` lists the columns.
 */
export const DEMO_AS_OF = '2026-11-20';

export const DEMO_ORIGIN_PLACEHOLDER = 'http://demo.zwgk.invalid';

/** Every page of the district's main host; `movedOrigin` is where the moved column now lives. */
export function demoRoutes(asOf: string, movedOrigin: string): Routes {
  return routeQueries({
    ...yunling(asOf),
    ...shiqiao(asOf),
    ...wangjiang(asOf),
    ...cuihu(asOf),
    ...fgj(asOf),
    ...jyj(asOf),
    ...wjj(asOf, movedOrigin),
    ...spj(asOf),
    ...demoMailboxRoutes(asOf),
  });
}

export interface DemoDistrict {
  /** Replaces `DEMO_ORIGIN_PLACEHOLDER` in the config. */
  origin: string;
  /** A second host, where one column has moved to (a redirect to another site). */
  movedOrigin: string;
  close(): Promise<void>;
}

/** Serves the demo district on 127.0.0.1: the main host and the host a moved column redirects to. */
export async function serveDemoDistrict(asOf = DEMO_AS_OF): Promise<DemoDistrict> {
  const moved = await serveSite({ routes: routeQueries(wjjMoved(asOf)) });
  const main = await serveSite({ routes: demoRoutes(asOf, moved.origin) });
  return {
    origin: main.origin,
    movedOrigin: moved.origin,
    close: async () => {
      await Promise.all([main.close(), moved.close()]);
    },
  };
}
