import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // PostgreSQL-backed suites isolate themselves per file (own schema), so files may run in parallel.
    fileParallelism: true,
  },
});
