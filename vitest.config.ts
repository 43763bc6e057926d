import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temp folder of a test run lives under one root that test/global-setup.ts removes at the end. Set
// here, before the workers start, so they and every process they spawn inherit it.
if (!process.env.ZWGK_TEST_TMP) {
  process.env.ZWGK_TEST_TMP = mkdtempSync(join(tmpdir(), 'zwgk-tests-'));
  // Like /tmp itself: tests that run the CLI as another user (read-only database) need their own temp files.
  chmodSync(process.env.ZWGK_TEST_TMP, 0o1777);
  process.env.TMPDIR = process.env.ZWGK_TEST_TMP;
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
