import type { DistrictConfig } from './schema.js';

/** What the link helpers read from the config. */
export type LinkConfig = { web?: { baseUrl?: string }; mail?: Pick<DistrictConfig['mail'], 'evidenceUrl'> };

/** The console's base URL without a trailing slash, or null when `web.baseUrl` is not set. */
export function webBaseUrl(config: LinkConfig): string | null {
  const base = config.web?.baseUrl;
  return base ? base.replace(/\/+$/, '') : null;
}

/**
 * Where a unit or the office opens an archived page: the console's evidence viewer when `web.baseUrl`
 * is set, else `mail.evidenceUrl` with `{hash}` filled in, else null (readers then cite the hash).
 */
export function evidenceLink(config: LinkConfig, sha256: string, unitId?: string): string | null {
  const base = webBaseUrl(config);
  if (base) return `${base}/evidence/${encodeURIComponent(sha256)}${unitId ? `?unit=${encodeURIComponent(unitId)}` : ''}`;
  const template = config.mail?.evidenceUrl;
  return template ? template.replaceAll('{hash}', sha256) : null;
}

/** The unit's page in the console, or null when `web.baseUrl` is not set. */
export function unitPageLink(config: LinkConfig, unitId: string): string | null {
  const base = webBaseUrl(config);
  return base ? `${base}/units/${encodeURIComponent(unitId)}` : null;
}
