// The retention benchmark at a tiny size on SQLite: its runs each add a row per record to the run log, and
// pruning after each run keeps only the newest ones.
import { describe, expect, it } from 'vitest';
import { runRetentionBench } from '../../bench/suites/retention.js';
import { openSqliteTestDatabase } from '../support/database.js';

describe('the retention benchmark', () => {
  it('measures the run log of 3 full runs of 40 records without pruning, and pruned to the newest one', async () => {
    const results = await runRetentionBench({
      targets: [{ name: 'sqlite', open: openSqliteTestDatabase }],
      records: 40,
      runs: 3,
      keepRuns: 1,
      stallMs: 10_000,
    });
    const rows = (mode: string) =>
      results.find((result) => result.name.startsWith(mode) && result.name.endsWith('sync_run_records rows'))!
        .value;
    expect(rows('without pruning')).toBe(3 * 40);
    expect(rows('pruned to the newest 1 full runs')).toBe(40);
    for (const result of results) expect(result.value).toBeGreaterThan(0);
  }, 60_000);
});
