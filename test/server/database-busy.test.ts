// The database held by someone else (a SQLite file locked by another connection, a PostgreSQL table lock) or
// unreachable: writes answer 503 with Retry-After within the busy timeout, /ready says 503, and both recover
// once the lock is let go.
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import { createDatabase, databaseBusyTimeoutMs, type DatabaseHandle } from '../../src/db/index.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { databaseTargets, postgresTestUrl, type DatabaseTarget } from '../support/database.js';
import type { FastifyInstance } from 'fastify';

/** Takes the write lock from a second connection, the way another process would; resolves to its release. */
async function holdWriteLock(target: DatabaseTarget, database: DatabaseHandle): Promise<() => Promise<void>> {
  if (target.name === 'sqlite') {
    const other = new SqliteDatabase(database.file!);
    other.exec('BEGIN EXCLUSIVE');
    return async () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db))
    .rows[0]!.schema;
  const other = new pg.Client({ connectionString: postgresTestUrl() });
  await other.connect();
  await other.query('begin');
  await other.query(`lock table "${schema}".bss_record_keys in access exclusive mode`);
  return async () => {
    await other.query('rollback');
    await other.end();
  };
}

const pastReadyCache = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe.each(databaseTargets())('the database locked by another connection, on $name', (target) => {
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let token: string;
  const createType = (id: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/account-types',
      headers: { authorization: `Bearer ${token}` },
      payload: { id, name: `Type ${id}` },
    });

  beforeAll(async () => {
    database = await target.open();
    app = await buildServer({ db: database.db, store: createRecordStore(database.db) });
    token = (await createApiToken(database.db, 'busy')).token;
  });
  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  it('answers a write 503 with Retry-After within the busy timeout, /ready 503, and recovers when let go', async () => {
    expect((await createType('before')).statusCode).toBe(201);
    const release = await holdWriteLock(target, database);
    try {
      await pastReadyCache();
      const readyStarted = Date.now();
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ error: 'not_ready' });
      expect(Date.now() - readyStarted).toBeLessThan(1_800);

      const writeStarted = Date.now();
      const refused = await createType('while-locked');
      const waited = Date.now() - writeStarted;
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.json()).toMatchObject({ error: 'database_unavailable' });
      expect(waited).toBeGreaterThanOrEqual(databaseBusyTimeoutMs - 100);
      expect(waited).toBeLessThan(databaseBusyTimeoutMs + 2_000);
    } finally {
      await release();
    }
    await pastReadyCache();
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    expect((await createType('after')).statusCode).toBe(201);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/account-types',
      headers: { authorization: `Bearer ${token}` },
    });
    expect((list.json() as { items: Array<{ id: string }> }).items.map((type) => type.id).sort()).toEqual([
      'after',
      'before',
    ]);
  }, 20_000);
});

describe('PostgreSQL unreachable', () => {
  it('answers a request 503 with Retry-After and /ready 503', async () => {
    const database = createDatabase('postgres://cwsync@127.0.0.1:1/nowhere');
    const app = await buildServer({ db: database.db, store: createRecordStore(database.db) });
    try {
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      // the token check reads the database first: the request is refused as unavailable, not as unauthorised
      const write = await app.inject({
        method: 'POST',
        url: '/api/v1/account-types',
        headers: { authorization: 'Bearer cws_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
        payload: { id: 'x', name: 'X' },
      });
      expect(write.statusCode).toBe(503);
      expect(write.headers['retry-after']).toBe('2');
    } finally {
      await app.close();
      await database.destroy();
    }
  });
});
