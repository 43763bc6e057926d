import { rmSync } from 'node:fs';

/**
 * Removes the run's temp root (made in vitest.config.ts and inherited as TMPDIR by the workers and every
 * process they start: CLI children, Chromium, LibreOffice) when the run ends, whatever a test left in it.
 */
export default function setup(): () => void {
  return () => {
    const root = process.env.ZWGK_TEST_TMP;
    if (root) rmSync(root, { recursive: true, force: true });
  };
}
