// On PostgreSQL cwsync prepares each parameterised SQL text once per connection (a named statement) instead of having
// it parsed and planned on every call; texts without parameters (a migration's, maybe several statements) stay
// unnamed, and a text whose table changed under it fails once, then runs unnamed.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

interface Tables {
  items: { id: number; name: string };
}

describe.skipIf(url === undefined)('named statements on PostgreSQL', () => {
  const schema = `cwsync_named_${randomBytes(6).toString('hex')}`;
  let database: DatabaseHandle;
  let db: Kysely<Tables>;

  beforeAll(async () => {
    await runAdminStatement(url!, `create schema "${schema}"`);
    // one connection, so that every query below sees the statements the earlier ones prepared
    database = createDatabase(url, { schema, maxConnections: 1 });
    db = database.db as unknown as Kysely<Tables>;
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
  });
  afterAll(async () => {
    await database?.destroy();
    await runAdminStatement(url!, `drop schema if exists "${schema}" cascade`);
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map(
      (row) => row.statement,
    );

  it('prepares a parameterised text once, and runs it with its own parameters each time', async () => {
    for (let id = 1; id <= 20; id += 1)
      await db
        .insertInto('items')
        .values({ id, name: `n${id}` })
        .execute();
    const names = [];
    for (let id = 1; id <= 20; id += 1)
      names.push((await db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst())?.name);
    expect(names).toEqual(Array.from({ length: 20 }, (_, index) => `n${index + 1}`));
    const statements = await prepared();
    expect(statements.filter((text) => text.startsWith('insert into "items"'))).toHaveLength(1);
    expect(statements.filter((text) => text.startsWith('select "name" from "items"'))).toHaveLength(1);
  });

  it('runs a text without parameters unnamed, several statements in one included', async () => {
    await sql
      .raw(`update items set name = 'a' where id = 1; update items set name = 'b' where id = 2`)
      .execute(db);
    const rows = await db
      .selectFrom('items')
      .select('name')
      .where('id', 'in', [1, 2])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.name)).toEqual(['a', 'b']);
    expect((await prepared()).some((text) => text.startsWith('update items'))).toBe(false);
  });

  it('a text whose table changed under it fails once, then runs unnamed', async () => {
    const read = () => sql<{ id: number }>`select * from items where id = ${3}`.execute(db);
    expect((await read()).rows[0]?.id).toBe(3);
    await sql`alter table items add column note text`.execute(db);
    await expect(read()).rejects.toThrow(/cached plan/);
    expect((await read()).rows[0]).toEqual({ id: 3, name: 'n3', note: null });
  });
});
