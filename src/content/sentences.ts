/** A sentence of a text and where it starts, for showing a finding in its context. */
export interface Sentence {
  text: string;
  start: number;
}

const END = /[。！？!?；;\n\r]/u;

/** Splits on sentence ends and line breaks; empty pieces are dropped. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || END.test(text[i])) {
      const piece = text.slice(start, i + (i < text.length && !/[\n\r]/.test(text[i]) ? 1 : 0));
      const trimmed = piece.trim();
      if (trimmed) out.push({ text: trimmed, start: start + piece.indexOf(trimmed) });
      start = i + 1;
    }
  }
  return out;
}

/** Ranges inside 《…》: quoted titles of documents, which keep the words of their time. */
export function quotedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /《[^《》]*》/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export function inRanges(ranges: [number, number][], at: number): boolean {
  return ranges.some(([a, b]) => at >= a && at < b);
}

/** A sentence cut to at most `max` characters around a position, for display. */
export function excerpt(sentence: string, at: number, max = 120): string {
  if (sentence.length <= max) return sentence;
  const from = Math.max(0, Math.min(at - Math.floor(max / 2), sentence.length - max));
  return `${from > 0 ? '…' : ''}${sentence.slice(from, from + max)}${from + max < sentence.length ? '…' : ''}`;
}

/** Every index at which `needle` occurs in `hay`. */
export function occurrences(hay: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}
