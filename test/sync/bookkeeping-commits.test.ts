// The runner's own cost per record on SQLite is its commits (issue 14): a job's bookkeeping — the link with the
// create note's removal, the report, the run, waits, wake-ups and the job's end — is written in one transaction,
// not a commit per write. Counted at better-sqlite3 during an in-process initial push.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/index.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const accounts = 12;
const contactsEach = 2;

/** Statements and commits: an explicit COMMIT, or a write run outside a transaction (it commits by itself). */
class CommitCounter {
  statements = 0;
  commits = 0;
  private inTransaction = false;
  counting = false;

  see(sqlText: string): void {
    if (!this.counting) return;
    this.statements += 1;
    const verb = sqlText.trimStart().slice(0, 8).toLowerCase();
    if (verb.startsWith('begin')) this.inTransaction = true;
    else if (verb.startsWith('commit') || verb.startsWith('rollback')) {
      this.inTransaction = false;
      this.commits += 1;
    } else if (!this.inTransaction && /^(insert|update|delete|replace)/.test(verb)) this.commits += 1;
  }
}

describe('bookkeeping commits per record, SQLite', () => {
  const counter = new CommitCounter();
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-commits-'));
  let world: SyncWorld;

  beforeAll(async () => {
    world = await startSyncWorld({
      name: 'sqlite',
      async open() {
        const database = createDatabase(join(folder, 'cwsync.db'), {
          onStatement: (sqlText) => counter.see(sqlText),
        });
        await database.migrate();
        return database;
      },
    });
  });
  afterAll(async () => {
    await world?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes an initial push in at most 10 commits per record (a commit per write was 19)', async () => {
    const api = { origin: 'api' as const };
    for (let n = 1; n <= accounts; n += 1) {
      const id = `CA-${n}`;
      await world.store.upsert(
        'accounts',
        id,
        {
          code: `C-${n}`,
          name: `Commit Account ${n}`,
          type: { id: 'customer' },
          currency: { id: 'USD' },
          addresses: [
            {
              address1: `${n} Main Street`,
              city: 'Tampa',
              stateName: 'Florida',
              countryCode: 'US',
              isBilling: true,
            },
          ],
        },
        api,
      );
      for (let c = 1; c <= contactsEach; c += 1) {
        await world.store.upsert(
          'contacts',
          `${id}-${c}`,
          {
            account: { id },
            firstName: `First${c}`,
            lastName: `Last${n}`,
            email: `c${c}.${n}@commits.example`,
          },
          api,
        );
      }
      await world.store.update('accounts', id, { primaryContact: { id: `${id}-1` } }, api);
    }
    const records = accounts * (1 + contactsEach);
    await world.sync.feedChanges();
    counter.counting = true;
    await world.drain({ feed: false });
    counter.counting = false;

    const linked = await world.database.db
      .selectFrom('record_links')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(linked.count)).toBe(records);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    const perRecord = counter.commits / records;
    const counted =
      `${records} records: ${counter.commits} commits (${perRecord.toFixed(2)} per record), ` +
      `${counter.statements} statements (${(counter.statements / records).toFixed(1)} per record)`;
    // A created record: the claim, the create note (committed before its POST), the link with the note's removal,
    // the bookkeeping with the job's end; an account runs again for its default contact, and in this small world
    // most contacts run before their account is in (they wait and are woken). A commit per write was 19.4 per
    // record here; one transaction per job's bookkeeping is 7.9.
    expect(perRecord, counted).toBeLessThanOrEqual(10);
  });
});
