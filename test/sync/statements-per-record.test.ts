// The runner's CPU per record on SQLite follows the statements it runs (issue 14): each costs Kysely's and the
// driver's turn as well as SQLite's. Counted at better-sqlite3 by statement text during an in-process initial
// push, so that a statement added to every push job (a read made twice, a write that could be skipped) is caught.
import { describe, expect, it } from 'vitest';
import { countLinks, sqliteWorldSeeing, writeAccountsWithContacts } from '../support/counted-sqlite-world.js';

const accounts = 30;
const contactsEach = 2;

/** Statements by their text with the values taken out, counted while `counting` is on. */
class StatementCounter {
  readonly byText = new Map<string, number>();
  counting = false;

  see(sqlText: string): void {
    if (!this.counting) return;
    // better-sqlite3 hands the statement with its values expanded: the strings and numbers are left out.
    const text = sqlText
      .replace(/\s+/g, ' ')
      .replace(/'(?:[^']|'')*'(\/\*[^*]*\*\/)?/g, '?')
      .replace(/\b\d+(\.\d+)?\b/g, 'N')
      .trim();
    this.byText.set(text, (this.byText.get(text) ?? 0) + 1);
  }

  /** Every statement but the test's own: the drain's look at the queue's counts, polled on a timer. */
  runnerStatements(): Array<[string, number]> {
    return [...this.byText].filter(([text]) => !/^select "kind", "state", count\(\*\)/.test(text));
  }
}

describe('statements per pushed record, SQLite', () => {
  const counter = new StatementCounter();
  const worldOf = sqliteWorldSeeing((sqlText) => counter.see(sqlText));

  it('runs an initial push in at most 35 statements per record (47.4 before a record was read with its links, 38 before the activity was buffered)', async () => {
    const world = worldOf();
    const records = await writeAccountsWithContacts(world, 'S', accounts, contactsEach);
    await world.sync.feedChanges();
    counter.counting = true;
    await world.drain({ feed: false });
    counter.counting = false;

    expect(await countLinks(world)).toBe(records);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);

    const statements = counter.runnerStatements().sort(([, a], [, b]) => b - a);
    const total = statements.reduce((sum, [, count]) => sum + count, 0);
    const perRecord = (count: number) => (count / records).toFixed(2);
    const breakdown = statements
      .slice(0, 12)
      .map(([text, count]) => `${perRecord(count)} ${text.slice(0, 140)}`)
      .join('\n');
    // Before: 47.4 (a record's read and its links' were two statements, a dependency's link and the record's own
    // were read again though the record's integrationIds held them); then 37–39, as the queue's timing varies
    // which contacts run before their account is in; then 33.6–33.7 (the activity minute counted in memory, the
    // failed job an enqueue supersedes deleted by the upsert's trigger, a claim for several free slots).
    expect(total / records, `${perRecord(total)} statements per record:\n${breakdown}`).toBeLessThanOrEqual(
      35,
    );
  });
});
