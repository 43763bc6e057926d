/** `http://a/b/index.html` and `http://a/b/` are the same page for the census. */
export function censusKey(url: string): string {
  return url.replace(/#.*$/, '').replace(/^https?:\/\//i, '').replace(/\/(?:index|default)\.s?html?$/i, '/').toLowerCase();
}
