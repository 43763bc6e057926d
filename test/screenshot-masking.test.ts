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

/** A notice page naming a person's ID and mobile number in large type, the list written by a script. */
const notice = (text: string) => `<!doctype html><html><head><meta charset="utf-8"><title>公示</title>
<style>body { margin: 0; font: 40px/1.4 monospace; } p { margin: 8px; }</style></head>
<body><div id="list"></div><script>
document.getElementById('list').innerHTML = ${JSON.stringify(`<p>${text}</p><p>申请人：张三</p>`)};
</script></body></html>`;

const RAW = `身份证 ${ID} 手机 ${MOBILE}`;
let site: SiteServer;
let pool: BrowserPool;

beforeAll(async () => {
  site = await serveSite({
    routes: {
      '/raw.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(notice(RAW)),
      '/masked.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(notice(maskLongNumbers(RAW))),
    },
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
  it('show long numbers masked as the evidence viewer shows them, while the stored page keeps them', async () => {
    const raw = await screenshotOf('/raw.html');
    const control = await screenshotOf('/masked.html');
    // The page as stored is the evidence: untouched.
    expect(raw.text).toContain(ID);
    expect(raw.text).toContain(MOBILE);
    expect(control.text).not.toContain(ID);
    // What the screenshot shows is the page with the numbers masked: the same pixels as a page that printed them masked.
    expect(raw.shot.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(raw.shot.equals(control.shot)).toBe(true);
  });
});
