import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // PostgreSQL-backed suites isolate themselves per file (own schema), so files may run in parallel.
    fileParallelism: true,
    // After the summary: which suites this machine skipped (no Chromium, no PostgreSQL) and how to run them.
    reporters: ['default', './test/support/optional-suites-reporter.ts'],
  },
});
