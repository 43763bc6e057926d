import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_CSS } from '../static/console-css.js';
import { FINDINGS_CSS } from '../static/findings-css.js';
import { STATIC_SCRIPTS } from '../static/scripts.js';
import type { ConsoleContext } from '../context.js';

let echarts: Buffer | undefined;

/** ECharts from the installed package, so the console needs no internet. */
function echartsScript(): Buffer {
  if (!echarts) {
    const pkg = createRequire(import.meta.url).resolve('echarts/package.json');
    echarts = readFileSync(join(dirname(pkg), 'dist', 'echarts.min.js'));
  }
  return echarts;
}

/** Local assets only; nothing is fetched from a CDN. Served without login (they hold no data). */
export function registerStaticRoutes(app: FastifyInstance, _ctx: ConsoleContext): void {
  const cache = 'public, max-age=3600';
  app.get('/static/console.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', cache).send(CONSOLE_CSS + FINDINGS_CSS));
  app.get('/static/echarts.min.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', cache).send(echartsScript()));
  app.get<{ Params: { name: string } }>('/static/:name', (req, reply) => {
    const script = STATIC_SCRIPTS[req.params.name];
    if (!script) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个文件');
    return reply.type('text/javascript; charset=utf-8').header('cache-control', cache).send(script);
  });
}
