import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RouteHandler } from '../src/demo/site-server.js';

/** `iList.jsp?cat_id=N&cur_page=M` answered from `ilist-N-M.html` in `dir` (the static server ignores queries). */
export function ilistRoute(dir: string): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cat = url.searchParams.get('cat_id') ?? '';
    const page = url.searchParams.get('cur_page') ?? '1';
    const html = /^\d+$/.test(cat) && /^\d+$/.test(page) ? await readFile(join(dir, `ilist-${cat}-${page}.html`)).catch(() => null) : null;
    if (!html) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>404</body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  };
}
