// On PostgreSQL a transaction's `begin` goes out with its first statement, one round trip instead of two
// (src/db/pipeline-transaction-start.ts): the statement runs inside the transaction all the same, an empty
// transaction sends nothing, and a first statement that fails leaves the transaction to roll back as before.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

interface Tables {
  items: { id: number; name: string };
}

describe.skipIf(url === undefined)('a transaction’s begin on PostgreSQL', () => {
  const schema = `cwsync_pipelined_${randomBytes(6).toString('hex')}`;
  const events: string[] = [];
  const query = pg.Client.prototype.query;
  let database: DatabaseHandle;
  let db: Kysely<Tables>;

  beforeAll(async () => {
    // What node-postgres is asked to send, and when each answer arrives (the connections bind query at connect).
    pg.Client.prototype.query = function recorded(this: pg.Client, ...args: unknown[]) {
      const [config] = args;
      const text = typeof config === 'string' ? config : String((config as { text?: string }).text);
      const word = text.split(' ')[0]!;
      events.push(`sent ${word}`);
      const answer = (query as (...rest: unknown[]) => unknown).apply(this, args);
      if (answer instanceof Promise)
        void answer.then(
          () => events.push(`answered ${word}`),
          () => events.push(`failed ${word}`),
        );
      return answer;
    } as typeof query;
    await runAdminStatement(url!, `create schema "${schema}"`);
    database = createDatabase(url, { schema, maxConnections: 1 });
    db = database.db as unknown as Kysely<Tables>;
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await database?.destroy();
    await runAdminStatement(url!, `drop schema if exists "${schema}" cascade`);
  });
  beforeEach(() => {
    events.length = 0;
  });

  it('goes out with the first statement, before its own answer is back', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1, name: 'a' }).execute();
      await trx.insertInto('items').values({ id: 2, name: 'b' }).execute();
    });
    expect(events.slice(0, 3)).toEqual(['sent begin', 'sent insert', 'answered begin']);
    expect(events.filter((event) => event.startsWith('sent'))).toEqual([
      'sent begin',
      'sent insert',
      'sent insert',
      'sent commit',
    ]);
    expect(await db.selectFrom('items').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('the first statement is inside the transaction: rolled back with it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 3, name: 'c' }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.selectFrom('items').select('id').where('id', '=', 3).execute()).toEqual([]);
  });

  it('sends nothing for a transaction without a statement', async () => {
    await db.transaction().execute(async () => undefined);
    await expect(
      db.transaction().execute(async () => {
        throw new Error('nothing done');
      }),
    ).rejects.toThrow('nothing done');
    expect(events).toEqual([]);
  });

  it('a first statement that fails aborts the transaction, and the connection goes on', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 1, name: 'again' }).execute();
      }),
    ).rejects.toThrow(/duplicate key/);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 4, name: 'd' }).execute();
    });
    expect(
      await db.selectFrom('items').select('name').where('id', 'in', [1, 4]).orderBy('id').execute(),
    ).toEqual([{ name: 'a' }, { name: 'd' }]);
  });
});
