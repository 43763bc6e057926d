import { BOARD_JS } from './board-js.js';

/** Scripts served under /static/<name>; each page lists the ones it needs (no inline script anywhere). */
export const STATIC_SCRIPTS: Record<string, string> = {
  'board.js': BOARD_JS,
};
