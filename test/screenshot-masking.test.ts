import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { BrowserPool } from '../src/fetch/browser-pool.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { crawlSchema } from '../src/config/schema.js';
import { maskLongNumbers } from '../src/content/personal-data.js';
import { SettableClock } from '../src/time/clock.js';
import { tempDb } from './helpers.js';

const ID = '110101199003071234';
const MOBILE = '13912345678';
const clock = new SettableClock('2026-11-20T02:00:00Z');
const db = tempDb();
const evidence = new EvidenceStore(db.db, () => clock.now());

const STYLE = '<style>body { margin: 0; font: 40px/1.4 monospace; } p, td { margin: 8px; }</style>';

/** Pages naming a person's ID and mobile number in large type, each laid out another way. */
const LAYOUTS: Record<string, (text: string) => string> = {
  // A list written by a script after the page loaded.
  script: (text) => `<!doctype html><html><head><meta charset="utf-8"><title>公示</title>${STYLE}</head>
<body><div id="list"></div><script>
document.getElementById('list').innerHTML = ${JSON.stringify(`<p>${text}</p><p>申请人：张三</p>`)};
</script></body></html>`,
  // A static table, the numbers inside inline elements and a link.
  table: (text) => `<!doctype html><html><head><meta charset="utf-8"><title>公示</title>${STYLE}</head>
<body><table><tr><td>申请人</td><td><span>${text.split(' ').slice(0, 2).join(' ')}</span></td></tr>
<tr><td>联系</td><td><a href="#">${text.split(' ').slice(2).join(' ')}</a></td></tr></table></body></html>`,
};

const ID_X = '51010419851203123X';
const RAW = `身份证 ${ID} 手机 ${MOBILE}`;
/** The table names an ID ending in X. */
const raw = (layout: string) => (layout === 'table' ? `身份证 ${ID_X} 手机 ${MOBILE}` : RAW);
let site: SiteServer;
let pool: BrowserPool;

beforeAll(async () => {
  site = await serveSite({
    routes: Object.fromEntries(Object.entries(LAYOUTS).flatMap(([name, layout]) => [
      [`/${name}/raw.html`, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(layout(raw(name)))],
      [`/${name}/masked.html`, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(layout(maskLongNumbers(raw(name))))],
    ])),
  });
  pool = new BrowserPool({ ...crawlSchema.parse({}).browser, allowPrivateHosts: ['127.0.0.1'], timeoutMs: 15_000 }, evidence);
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
  db.cleanup();
});

async function screenshotOf(path: string): Promise<{ text: string; shot: Buffer }> {
  const page = await pool.render(`${site.origin}${path}`, 'u1');
  expect(page.outcome).toBe('ok');
  const shotHash = evidence.screenshotOf(page.evidence!);
  expect(shotHash).toMatch(/^[0-9a-f]{64}$/);
  return { text: evidence.get(page.evidence!)!.toString('utf8'), shot: evidence.get(shotHash!)! };
}

describe('screenshots of rendered pages', () => {
  it.each(Object.keys(LAYOUTS))('show long numbers masked as the evidence viewer shows them, while the stored page keeps them (%s)', async (layout) => {
    const shown = await screenshotOf(`/${layout}/raw.html`);
    const control = await screenshotOf(`/${layout}/masked.html`);
    const id = layout === 'table' ? ID_X : ID;
    // The page as stored is the evidence: untouched.
    expect(shown.text).toContain(id);
    expect(shown.text).toContain(MOBILE);
    expect(control.text).not.toContain(id);
    // What the screenshot shows is the page with the numbers masked: the same pixels as a page that printed them masked.
    expect(shown.shot.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(shown.shot.equals(control.shot)).toBe(true);
  });
});
