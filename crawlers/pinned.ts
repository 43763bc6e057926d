import type { ListItem } from './types.js';

/** Pinned items sit above the newest one; more than a few at the top would be an oddly sorted list instead. */
const MAX_PINNED = 5;

/**
 * Marks items at the top of a list's first page that are older than some item below them: pinned (置顶)
 * without a label. Unmarked, such an old item would look like the horizon was reached on page 1.
 */
export function markOutOfOrderTop(items: ListItem[], today: string): ListItem[] {
  const newestBelow: (string | null)[] = new Array(items.length).fill(null);
  let newest: string | null = null;
  for (let i = items.length - 1; i >= 0; i--) {
    newestBelow[i] = newest;
    const d = items[i].date;
    if (d && d <= today && (!newest || d > newest)) newest = d;
  }
  const out = [...items];
  for (let i = 0; i < Math.min(out.length, MAX_PINNED); i++) {
    const { date, pinned } = out[i];
    // Labelled pinned items, undated and future-dated ones say nothing about the order below them.
    if (pinned || !date || date > today) continue;
    const below = newestBelow[i];
    if (!below || date >= below) break;
    out[i] = { ...out[i], pinned: true };
  }
  return out;
}
