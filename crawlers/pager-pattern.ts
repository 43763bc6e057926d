/**
 * How a list numbers its page addresses, learnt from pager links whose page number is known:
 * `index_1.html` … (0-based TRS), `index_2.html` …, `?page=N`, `cur_page=N`, `list-N.html`. Pure.
 */

/** The address of page n of a list, and which page an address is (undefined when it is none of them). */
export interface PageRule {
  url(page: number): string;
  pageOf(url: string): number | undefined;
}

export interface KnownPage {
  page: number;
  url: string;
}

/** A URL cut into text and digit runs: `[text, digits, text, digits, …, text]`. */
function runs(url: string): string[] {
  return url.replace(/#.*$/, '').split(/(\d+)/);
}

function skeleton(parts: string[]): string {
  return parts.filter((_, i) => i % 2 === 0).join('\u0000');
}

/** Whether two addresses differ only in their digit runs (`index_2.html`, `index_5.html`). */
export function sameShape(a: string, b: string): boolean {
  return skeleton(runs(a)) === skeleton(runs(b));
}

/** A run right after a page-like query key or `_`/`-` before the extension reads more like a page number. */
function runWeight(parts: string[], i: number): number {
  const before = parts[i - 1];
  const after = parts[i + 1];
  if (/(?:^|[?&;])[\w.-]*(?:page|pageno|pagenum|pageindex|pn|p|pg|cur|curr|index|start)[\w.-]*=$/i.test(before)) return 2;
  if (/[_-]$/.test(before) && /^\.\w+(?:[?#]|$)/.test(after)) return 2;
  return 0;
}

/**
 * The rule that reproduces every known page address (page ≥ 2: page 1 is often the bare address), with
 * the page number in one digit run, as is (1-based) or one less (0-based). Undefined when no rule fits.
 * With one known address several runs may fit: a run after a page-like key wins, then the rightmost.
 */
export function learnPageRule(known: KnownPage[]): PageRule | undefined {
  const groups = new Map<string, Map<number, string[]>>();
  for (const k of known) {
    if (k.page < 2) continue;
    const parts = runs(k.url);
    const key = skeleton(parts);
    const group = groups.get(key) ?? new Map<number, string[]>();
    if (!group.has(k.page)) group.set(k.page, parts);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].map((g) => [...g].map(([page, parts]) => ({ page, parts }))).sort((a, b) => b.length - a.length);
  for (const group of ordered) {
    const [head] = group;
    const candidates: { i: number; offset: number; weight: number }[] = [];
    for (let i = head.parts.length - 2; i >= 1; i -= 2) {
      if (/^0\d/.test(head.parts[i])) continue;
      const offset = Number(head.parts[i]) - head.page;
      if (offset !== 0 && offset !== -1) continue;
      const fits = group.every((g) => g.parts.every((p, j) => (j === i ? Number(p) - g.page === offset && !/^0\d/.test(p) : p === head.parts[j])));
      if (fits) candidates.push({ i, offset, weight: runWeight(head.parts, i) });
    }
    const best = candidates.sort((a, b) => b.weight - a.weight || b.i - a.i)[0];
    if (best) return ruleAt(head.parts, best.i, best.offset);
  }
  return undefined;
}

function ruleAt(template: string[], i: number, offset: number): PageRule {
  const key = skeleton(template);
  return {
    url: (page) => template.map((p, j) => (j === i ? String(page + offset) : p)).join(''),
    pageOf(url) {
      const parts = runs(url);
      if (parts.length !== template.length || skeleton(parts) !== key || /^0\d/.test(parts[i])) return undefined;
      if (!parts.every((p, j) => j === i || j % 2 === 0 || p === template[j])) return undefined;
      const page = Number(parts[i]) - offset;
      return page >= 1 ? page : undefined;
    },
  };
}

/** TRS `createPageHTML` pages: `name.ext` is page 1, then `name_1.ext` (0-based form) or `name_2.ext` (page_div form). */
export function createPageRule(form: 'trs' | 'page-div', name: string, ext: string, base: string): PageRule {
  const offset = form === 'trs' ? -1 : 0;
  const first = new URL(`${name}.${ext}`, base).toString();
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^${escaped(first.replace(/\.[^./]*$/, ''))}_(\\d+)\\.${escaped(ext)}$`);
  return {
    url: (page) => (page <= 1 ? first : new URL(`${name}_${page + offset}.${ext}`, base).toString()),
    pageOf(url) {
      const bare = url.replace(/[?#].*$/, '');
      if (bare === first) return 1;
      const m = re.exec(bare);
      return m && !/^0\d/.test(m[1]) ? Number(m[1]) - offset : undefined;
    },
  };
}

/** Pages set in one query parameter (`?page=N`, `cur_page=N`) of `base`; its other parameters stay. */
export function queryPageRule(base: string, param: string, firstPage = 1): PageRule {
  const root = new URL(base);
  return {
    url(page) {
      const u = new URL(root);
      u.searchParams.set(param, String(page - 1 + firstPage));
      return u.toString();
    },
    pageOf(url) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return undefined;
      }
      if (u.origin !== root.origin || u.pathname !== root.pathname || !sameWithout(u, root, param)) return undefined;
      const v = u.searchParams.get(param);
      if (v === null) return 1;
      return /^\d{1,15}$/.test(v) ? Number(v) + 1 - firstPage : undefined;
    },
  };
}

function sameWithout(a: URL, b: URL, param: string): boolean {
  const strip = (u: URL) => {
    const p = new URLSearchParams(u.search);
    p.delete(param);
    p.sort();
    return p.toString();
  };
  return strip(a) === strip(b);
}
