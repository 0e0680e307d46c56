// A first pull's CPU per record on SQLite follows the statements it runs (issue 14, P6): each costs Kysely's and
// the driver's turn as well as SQLite's. Counted at better-sqlite3 by statement text during an in-process pull
// of companies and their contacts into an empty BSS, so that a statement added to every pulled record is caught.
import { describe, expect, it } from 'vitest';
import { countLinks, sqliteWorldSeeing } from '../support/counted-sqlite-world.js';
import { createCompanies } from '../support/create-companies.js';

const companies = 60;
const contactsEach = 2;

/** Statements by their text with the values taken out, counted while `counting` is on. */
const byText = new Map<string, number>();
let counting = false;
function see(sqlText: string): void {
  if (!counting) return;
  const text = sqlText
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^']|'')*'(\/\*[^*]*\*\/)?/g, '?')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .trim();
  byText.set(text, (byText.get(text) ?? 0) + 1);
}

describe('statements per pulled record, SQLite', () => {
  const worldOf = sqliteWorldSeeing(see);

  it('pulls companies and contacts in at most 15 statements per record (17.4 before waits none can have were skipped)', async () => {
    const world = worldOf();
    await createCompanies(world, 'PULLED', companies, contactsEach);
    const linksBefore = await countLinks(world);
    counting = true;
    await world.sync.startRuns({ instanceId: world.instanceId, direction: 'pull' });
    await world.drain({ feed: false });
    counting = false;
    const pulled = (await countLinks(world)) - linksBefore;
    expect(pulled).toBe(companies * (1 + contactsEach));
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);

    // the drain's look at the queue's counts, polled on a timer, is the test's own
    const statements = [...byText]
      .filter(([text]) => !/^select "kind", "state", count\(\*\)/.test(text))
      .sort(([, a], [, b]) => b - a);
    const total = statements.reduce((sum, [, count]) => sum + count, 0);
    const perRecord = (count: number) => (count / pulled).toFixed(2);
    const breakdown = statements
      .slice(0, 16)
      .map(([text, count]) => `${perRecord(count)} ${text.slice(0, 140)}`)
      .join('\n');
    // Before: 17.4 — a record's own waits cleared and its waiters looked up (2), its keys deleted before they
    // were written though it was new (1); after ~14.2 (the queue's claims, polled while idle, vary a little).
    expect(total / pulled, `${perRecord(total)} statements per record:\n${breakdown}`).toBeLessThanOrEqual(
      15,
    );
  });
});
