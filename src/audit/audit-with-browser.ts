import type { App } from '../app.js';
import { BrowserPool, browserPoolOptions } from '../fetch/browser-pool.js';
import { EvidenceStore } from '../fetch/evidence-store.js';
import { runAudit, type AuditOptions, type AuditSummary } from './run-audit.js';

/**
 * An audit of the app's district (or one unit) with a browser pool that lives for this audit only:
 * Chromium starts only if some column needs it, and is closed with the run.
 */
export async function auditWithBrowser(app: App, opts: Omit<AuditOptions, 'db' | 'clock' | 'renderer'>): Promise<AuditSummary> {
  const browser = new BrowserPool(browserPoolOptions(app.loaded.config.crawl), new EvidenceStore(app.db, () => app.clock.now()));
  try {
    return await runAudit(app.loaded, { ...opts, db: app.db, clock: app.clock, renderer: browser });
  } finally {
    await browser.close();
  }
}
