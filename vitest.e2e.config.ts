import { defineConfig } from 'vitest/config';

/** Browser tests: playwright-core driving Debian's Chromium against the real server and built web. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    // One browser at a time: the machine has two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    // Each browser test file starts a server that seeds the whole demo; on a busy 2-core machine that
    // has taken minutes.
    hookTimeout: 400_000,
  },
});
