// Kysely's SQLite driver prepares every query anew; cwsync keeps each SQL text's statement prepared (a fifth of the
// runner's CPU went into `prepare`), without ever handing a statement that is still iterating to a second caller.
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reusePreparedStatements } from '../../src/db/reuse-prepared-statements.js';

interface Tables {
  items: { id: number; name: string };
}

describe('prepared statements on SQLite', () => {
  let db: Kysely<Tables> | undefined;
  afterEach(async () => {
    await db?.destroy();
  });

  function open() {
    const sqlite = new SqliteDatabase(':memory:');
    const prepare = vi.spyOn(sqlite, 'prepare');
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: reusePreparedStatements(sqlite) }) });
    return { db, prepare };
  }

  it('prepares a query once however often it runs, with its own parameters each time', async () => {
    const { db, prepare } = open();
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
    for (let id = 1; id <= 50; id += 1)
      await db
        .insertInto('items')
        .values({ id, name: `item ${id}` })
        .execute();
    const names = [];
    for (let id = 1; id <= 50; id += 1) {
      const row = await db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirstOrThrow();
      names.push(row.name);
    }
    expect(names.at(-1)).toBe('item 50');
    expect(prepare).toHaveBeenCalledTimes(3); // create, insert, select
  });

  it('never hands out a statement that is still iterating', () => {
    const sqlite = new SqliteDatabase(':memory:');
    const database = reusePreparedStatements(sqlite);
    sqlite.exec('create table items (id integer primary key); insert into items values (1), (2)');
    const text = 'select id from items';
    const first = database.prepare(text) as unknown as SqliteDatabase.Statement;
    expect(database.prepare(text)).toBe(first);
    const rows = first.iterate();
    rows.next(); // started: the statement is busy until its rows are read or the iteration is closed
    expect(database.prepare(text)).not.toBe(first);
    rows.return?.();
    expect(database.prepare(text)).toBe(first);
    database.close();
  });

  it('keeps at most 500 statements, dropping the least recently used', async () => {
    const { db, prepare } = open();
    await sql`create table items (id integer primary key, name text not null)`.execute(db);
    const selectIn = (count: number) =>
      db
        .selectFrom('items')
        .select('id')
        .where(
          'id',
          'in',
          Array.from({ length: count }, (_, index) => index),
        )
        .execute();
    for (let count = 1; count <= 501; count += 1) await selectIn(count);
    prepare.mockClear();
    await selectIn(501); // still cached
    await selectIn(1); // the oldest, dropped
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});
