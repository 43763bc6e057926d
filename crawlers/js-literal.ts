/**
 * Reads a JavaScript object or array literal as it appears in page scripts (`{SID: '2', TREE: [...]}`):
 * unquoted keys, single-quoted strings, comments, trailing commas, `undefined`. Never evaluates code.
 */
export function parseJsLiteral(source: string): unknown {
  return JSON.parse(toJson(source));
}

/** The literal assigned to `name` (`window._CONFIG = {…}`, `var x = […]`), parsed; undefined if absent or invalid. */
export function assignedLiteral(script: string, name: string): unknown {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}\\s*=\\s*([{[])`).exec(script);
  if (!m) return undefined;
  const start = m.index + m[0].length - 1;
  const end = literalEnd(script, start);
  if (end < 0) return undefined;
  try {
    return parseJsLiteral(script.slice(start, end));
  } catch {
    return undefined;
  }
}

/** Index just past the bracket that closes the one at `start`, skipping strings and comments; -1 if unclosed. */
function literalEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(s, i) - 1;
    } else if (c === '/' && s[i + 1] === '/') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
    } else if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index just past the closing quote of the string starting at `start`. */
function stringEnd(s: string, start: number): number {
  const quote = s[start];
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === quote) return i + 1;
  }
  return s.length;
}

function toJson(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(src, i);
      out += JSON.stringify(unescapeJs(src.slice(i + 1, end - 1)));
      i = end;
    } else if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      i = close < 0 ? src.length : close + 2;
    } else if (c === ',' && /^\s*[}\]]/.test(src.slice(i + 1, i + 200))) {
      i++;
    } else if (/[A-Za-z_$]/.test(c)) {
      const word = /^[\w$]+/.exec(src.slice(i))![0];
      i += word.length;
      const isKey = /^\s*:/.test(src.slice(i, i + 100));
      if (isKey) out += JSON.stringify(word);
      else if (word === 'undefined' || word === 'NaN') out += 'null';
      else out += word;
    } else if (/[\d.]/.test(c)) {
      const num = /^(?:0x[\da-f]+|\d*\.?\d+(?:e[+-]?\d+)?)/i.exec(src.slice(i))?.[0] ?? c;
      i += num.length;
      const isKey = /^\s*:/.test(src.slice(i, i + 100));
      out += isKey ? JSON.stringify(num) : String(Number(num));
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function unescapeJs(body: string): string {
  return body.replace(/\\(u\{[\da-fA-F]+\}|u[\da-fA-F]{4}|x[\da-fA-F]{2}|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'u' && e[1] === '{') return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e[0] === 'u' && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };
    return simple[e] ?? e;
  });
}
