// A hot query compiled once and run with new values (src/db/query-template.ts), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import { queryTemplate } from '../../src/db/query-template.js';
import { databaseTargets } from '../support/database.js';

const cursorOf = queryTemplate<{ value: string }, [string, string]>(2, (db, instanceId, name) =>
  db
    .selectFrom('sync_cursors')
    .select('value')
    .where('instance_id', '=', instanceId!)
    .where('name', '=', name!)
    // a value of the query's own, kept as built
    .where('value', '!=', 'hidden'),
);

describe.each(databaseTargets())('queryTemplate on $name', (target) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await target.open();
    await database.db
      .insertInto('sync_cursors')
      .values([
        { instance_id: 'one', name: 'feed', value: '10', updated_at: 'now' },
        { instance_id: 'two', name: 'feed', value: '20', updated_at: 'now' },
        { instance_id: 'two', name: 'poll', value: 'hidden', updated_at: 'now' },
      ])
      .execute();
  });
  afterAll(() => database?.destroy());

  it('runs the compiled query with each call’s values, keeping the values it was built with', async () => {
    expect((await cursorOf(database.db, 'one', 'feed')).rows).toEqual([{ value: '10' }]);
    expect((await cursorOf(database.db, 'two', 'feed')).rows).toEqual([{ value: '20' }]);
    expect((await cursorOf(database.db, 'two', 'poll')).rows).toEqual([]);
    await database.db.transaction().execute(async (trx) => {
      expect((await cursorOf(trx, 'one', 'feed')).rows).toEqual([{ value: '10' }]);
    });
  });

  it('refuses a template whose placeholder is not a value of the query', async () => {
    const broken = queryTemplate<unknown, [string]>(1, (db) => db.selectFrom('sync_cursors').select('value'));
    await expect(async () => broken(database.db, 'x')).rejects.toThrow(/1 of 1 placeholders/);
  });
});
