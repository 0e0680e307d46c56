// The sync-runner benchmark at a tiny size on SQLite, so the suite keeps running as the runner changes: every
// phase produces its figures, and the runs it measures put everything in step (the suite throws otherwise).
import { describe, expect, it } from 'vitest';
import { runSyncRunnerBench } from '../../bench/suites/sync-runner.js';
import { openSqliteTestDatabase } from '../support/database.js';

describe('the sync-runner benchmark', () => {
  it('runs its three phases at 20 accounts and 60 contacts and reports every figure', async () => {
    const results = await runSyncRunnerBench({
      targets: [{ name: 'sqlite', open: openSqliteTestDatabase }],
      scenarios: [{ accounts: 20, latencyMs: 0 }],
      concurrencies: [4],
      stallMs: 10_000,
    });

    const phases = ['initial push', 'incremental push', 'unchanged full push run'];
    const measures = ['records/s', 'ConnectWise calls per record', 'peak RSS', 'queue jobs run'];
    expect(results.map((result) => result.name)).toEqual(
      phases.flatMap((phase) =>
        measures.map((measure) => `${phase} (sqlite, 0 ms, concurrency 4): ${measure}`),
      ),
    );
    for (const result of results) {
      expect(result.suite).toBe('sync-runner');
      expect(Number.isFinite(result.value)).toBe(true);
      expect(result.value).toBeGreaterThan(0);
    }
    const figure = (phase: string, measure: string) =>
      results.find((result) => result.name.startsWith(phase) && result.name.endsWith(measure))!;
    // 80 records created: a POST each, and a PATCH per account (its default contact), no other write
    expect(figure('initial push', 'calls per record').note).toMatch(
      /goal 1 POST per record \+ 1 PATCH per account: met; \d+ calls \(.*80 POST, 20 PATCH\)/,
    );
    expect(figure('incremental push', 'records/s').note).toMatch(/^2 records/);
    expect(figure('incremental push', 'calls per record').note).toMatch(
      /goal 1 per changed record: met; 2 calls \(2 PATCH\)/,
    );
    expect(figure('unchanged full push run', 'calls per record').note).toMatch(
      /goal 0 per unchanged record: met/,
    );
    expect(figure('unchanged full push run', 'queue jobs run').value).toBe(80);
  });
});
