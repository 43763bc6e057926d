import { createHash } from 'node:crypto';

/**
 * Identity keys that survive a site moving scheme or host: a column is known by its entry URL without
 * scheme and host, an item by its link without them when the link stays on the column's own site.
 */

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * A URL without scheme and host (`/gzdt/index.html?page=2`): the same on http and https and on any host.
 * The fragment stays: some platforms tell their columns apart by it (gkmlpt `index#102`).
 */
export function urlPathKey(url: string): string {
  const u = parse(url);
  return u ? pathOf(u) : url;
}

function pathOf(u: URL): string {
  return `${u.pathname}${u.search}${u.hash}`;
}

/** Host and port, lower-case (`www.example.gov.cn`, `127.0.0.1:8080`); '' when the URL cannot be read. */
export function hostOf(url: string): string {
  return parse(url)?.host ?? '';
}

/** Scheme and host (`https://www.example.gov.cn`); '' when the URL cannot be read. */
export function originOf(url: string): string {
  const u = parse(url);
  return u ? `${u.protocol}//${u.host}` : '';
}

/** The path key qualified by the host, without the scheme: `//www.example.gov.cn/gzdt/`. */
export function hostPathKey(url: string): string {
  const u = parse(url);
  return u ? `//${u.host}${pathOf(u)}` : url;
}

/**
 * A column id derived from a URL key. Derived ids contain `:`, which a config `id` (a slug) cannot, so
 * the two never collide.
 */
export function deriveColumnId(key: string): string {
  return `url:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * The key an item is stored under within its column. Links on the column's own site (`ownHosts`: the hosts
 * of the entry page and of the page finally read, tonight and on earlier nights) are keyed by `urlPathKey`, so the same item matches
 * after an http→https or host move; links elsewhere (WeChat articles, another site) keep their host.
 * Items without a link are keyed by title.
 */
export function itemKey(url: string | null, title: string, ownHosts: ReadonlySet<string>): string {
  if (!url) return `title:${title}`;
  const u = parse(url);
  if (!u) return url;
  return ownHosts.has(u.host) ? pathOf(u) : `//${u.host}${pathOf(u)}`;
}
