// The commerce-push benchmark at a tiny size on SQLite, so the suite keeps running as the modules change: every
// phase produces its figures, the writes add up to what each module should cost, and every phase ends in step
// (the suite throws otherwise).
import { describe, expect, it } from 'vitest';
import { runCommercePushBench } from '../../bench/suites/commerce-push.js';
import { openSqliteTestDatabase } from '../support/database.js';

describe('the commerce-push benchmark', () => {
  it('pushes every module, then 1 % of the orders changed, and reports every figure', async () => {
    const results = await runCommercePushBench({
      targets: [{ name: 'sqlite', open: openSqliteTestDatabase }],
      scenarios: [
        { sizes: { accounts: 4, products: 6, orders: 10, invoices: 8, subscriptions: 6 }, latencyMs: 0 },
      ],
      concurrency: 4,
      stallMs: 10_000,
    });

    const label = '(sqlite, 0 ms, concurrency 4)';
    const modules = [
      'accounts and their contacts',
      'products',
      'orders',
      'invoices',
      'payments',
      'subscriptions',
    ];
    const measures = ['records/s', 'ConnectWise calls per record', 'peak RSS'];
    expect(results.map((result) => result.name)).toEqual([
      ...modules.flatMap((module) =>
        measures.map((measure) => `initial push: ${module} ${label}: ${measure}`),
      ),
      `initial push, every module ${label}: records/s`,
      `initial push, every module ${label}: ConnectWise calls per record`,
      ...measures.map((measure) => `incremental push, 1 % of the orders changed ${label}: ${measure}`),
    ]);
    for (const result of results) {
      expect(result.suite).toBe('commerce-push');
      expect(Number.isFinite(result.value)).toBe(true);
      expect(result.value).toBeGreaterThan(0);
    }
    const calls = (phase: string) =>
      results.find((result) => result.name === `${phase} ${label}: ConnectWise calls per record`)!;
    const records = (phase: string) =>
      results.find((result) => result.name === `${phase} ${label}: records/s`)!;

    // 4 accounts and their 4 contacts: a POST each, one or two PATCHes per account.
    expect(calls('initial push: accounts and their contacts').note).toMatch(/^goal 12–16 writes: met/);
    expect(records('initial push: orders').note).toMatch(/^10 records/);
    // An order is one record of 4 writes: the order and its 3 lines.
    expect(calls('initial push: orders').note).toMatch(
      /^goal 40 writes: met, an order costs 4 calls .*by resource: 30 POST procurement\/products, 10 POST sales\/orders,/,
    );
    expect(calls('initial push: invoices').note).toMatch(/^goal 32 writes: met/);
    expect(calls('initial push: invoices').note).toMatch(/24 POST procurement\/products/);
    expect(calls('initial push: products').note).toMatch(/^goal 6 writes: met/);
    expect(calls('initial push: payments').note).toMatch(
      /^goal 8 writes: met.*8 POST finance\/invoices\/\{id\}\/payments/,
    );
    // 6 subscriptions over 4 accounts, monthly and annual alternating: 6 distinct agreements, 6 additions.
    expect(calls('initial push: subscriptions').note).toMatch(/^goal 12 writes: met, .*\(6 agreements\)/);
    expect(records('initial push, every module').note).toMatch(/^46 records/);
    // 10 orders: 1 changed (the first), one PATCH of its changed line.
    expect(records('incremental push, 1 % of the orders changed').note).toMatch(/^1 records/);
    expect(calls('incremental push, 1 % of the orders changed').note).toMatch(
      /^goal 1 writes: met.*by resource: 1 PATCH procurement\/products\/\{id\}$/,
    );
  });
});
