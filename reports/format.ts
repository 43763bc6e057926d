/** Points as people write them: up to two decimals, no trailing zeros; — when unknown. */
export function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return String(Math.round(n * 100) / 100);
}

/** A change as +1.5 / −0.5 / 持平, or — when there is nothing to compare with. */
export function fmtChange(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (Math.abs(n) < 0.005) return '持平';
  return n > 0 ? `+${fmt(n)}` : `−${fmt(-n)}`;
}

export function diff(a: number | null | undefined, b: number | null | undefined): number | null {
  return typeof a === 'number' && typeof b === 'number' ? round2(a - b) : null;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A rank change: ↑2 (better), ↓1, 持平, or 新 when there was no rank before. */
export function fmtRankChange(now: number, before: number | null): string {
  if (before === null) return '—';
  if (now === before) return '持平';
  return now < before ? `↑${before - now}` : `↓${now - before}`;
}

/** A share (0..1) as a percentage with one decimal; — when there is nothing to divide. */
export function fmtShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;
}
