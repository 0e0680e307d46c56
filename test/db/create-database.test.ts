import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets())('createDatabase on $name', (target) => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('reports its dialect', () => {
    expect(database.dialect).toBe(target.name);
  });

  it('applies migrations once, and again without error', async () => {
    await database.migrate();
    const rows = await database.db.selectFrom('bss_records').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('keeps JSON columns round-tripping', async () => {
    await database.db
      .insertInto('bss_records')
      .values({
        entity: 'accounts',
        id: 'json-1',
        version: 1,
        data: JSON.stringify({ name: 'Ünïcode "quoted"', nested: { list: [1, 2] } }),
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    const row = await database.db
      .selectFrom('bss_records')
      .select('data')
      .where('id', '=', 'json-1')
      .executeTakeFirstOrThrow();
    const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
    expect(data).toEqual({ name: 'Ünïcode "quoted"', nested: { list: [1, 2] } });
  });

  it('sorts ids byte-wise on both databases', async () => {
    for (const id of ['b', 'B', 'a', '_', '0']) {
      await database.db
        .insertInto('bss_records')
        .values({ entity: 'sort', id, version: 1, data: '{}', created_at: 'x', updated_at: 'x' })
        .execute();
    }
    const rows = await database.db
      .selectFrom('bss_records')
      .select('id')
      .where('entity', '=', 'sort')
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.id)).toEqual(['0', 'B', '_', 'a', 'b']);
  });
});
