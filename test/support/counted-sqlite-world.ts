// A sync world on a SQLite file whose every statement is seen as better-sqlite3 runs it: for the tests that bound
// the runner's own database work per record (commits, statements), issue 14.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDatabase } from '../../src/db/index.js';
import { startSyncWorld, type SyncWorld } from './sync-world.js';
import { api, upsertAccount, upsertContact } from './sync-records.js';

/**
 * Starts the world before the suite's tests (and stops it after), its database handing each statement's text to
 * `see`; call inside a `describe`, read the world through the getter once the tests run.
 */
export function sqliteWorldSeeing(see: (sqlText: string) => void): () => SyncWorld {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-counted-'));
  let world: SyncWorld | undefined;
  beforeAll(async () => {
    world = await startSyncWorld({
      name: 'sqlite',
      async open() {
        const database = createDatabase(join(folder, 'cwsync.db'), { onStatement: see });
        await database.migrate();
        return database;
      },
    });
  });
  afterAll(async () => {
    await world?.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  return () => world!;
}

/**
 * Commits and statements, while `counting`: a commit is an explicit COMMIT (or ROLLBACK), or a write run outside a
 * transaction (it commits by itself). Writes matching `ignore` are not counted as commits.
 */
export class CommitCounter {
  statements = 0;
  commits = 0;
  counting = false;
  private inTransaction = false;

  constructor(private readonly ignore?: RegExp) {}

  see(sqlText: string): void {
    if (!this.counting) return;
    this.statements += 1;
    const verb = sqlText.trimStart().slice(0, 8).toLowerCase();
    if (verb.startsWith('begin')) this.inTransaction = true;
    else if (verb.startsWith('commit') || verb.startsWith('rollback')) {
      this.inTransaction = false;
      this.commits += 1;
    } else if (
      !this.inTransaction &&
      /^(insert|update|delete|replace)/.test(verb) &&
      !this.ignore?.test(sqlText)
    )
      this.commits += 1;
  }
}

/**
 * Writes `accounts` accounts through the API, each with `contactsEach` contacts and its first contact as primary:
 * the initial push the counting tests measure. Resolves to the number of records written.
 */
export async function writeAccountsWithContacts(
  world: SyncWorld,
  prefix: string,
  accounts: number,
  contactsEach: number,
): Promise<number> {
  for (let n = 1; n <= accounts; n += 1) {
    const id = `${prefix}A-${n}`;
    await upsertAccount(world.store, id, {
      code: `${prefix}-${n}`,
      name: `${prefix} Account ${n}`,
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
    });
    for (let c = 1; c <= contactsEach; c += 1) {
      await upsertContact(world.store, `${id}-${c}`, id, {
        firstName: `First${c}`,
        lastName: `Last${n}`,
        email: `c${c}.${n}@${prefix.toLowerCase()}.example`,
      });
    }
    await world.store.update('accounts', id, { primaryContact: { id: `${id}-1` } }, api);
  }
  return accounts * (1 + contactsEach);
}

/** How many records are linked, on every instance. */
export async function countLinks(world: SyncWorld): Promise<number> {
  const row = await world.database.db
    .selectFrom('record_links')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
