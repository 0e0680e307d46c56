// The application's migrations and graphile-worker's run one at a time on a database (src/db/schema-migration-lock.ts):
// Kysely's migrator lists every schema's tables, and a table graphile renamed meanwhile failed that listing — serve
// stopped when it and its workers started together on a new database. Seen here through the lock: held elsewhere,
// neither migrates until it is released.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, schemaMigrationLock } from '../../src/db/index.js';
import { createGraphileQueue } from '../../src/jobs/index.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

/** Whether `work` is still pending `ms` after it started. */
async function stillWaitingAfter(work: Promise<unknown>, ms: number): Promise<boolean> {
  const waited = Symbol('waited');
  const first = await Promise.race([
    work.then(() => 'done'),
    new Promise((resolve) => setTimeout(() => resolve(waited), ms)),
  ]);
  return first === waited;
}

describe.skipIf(url === undefined)('PostgreSQL: schema migrations one at a time', () => {
  const suffix = randomBytes(6).toString('hex');
  const appSchema = `cwsync_sml_${suffix}`;
  const graphileSchema = `cwsync_smlg_${suffix}`;
  const holder = new pg.Client({ connectionString: url });
  beforeAll(async () => {
    await holder.connect();
    await runAdminStatement(url ?? '', `create schema "${appSchema}"`);
  });
  afterAll(async () => {
    await holder.end();
    await runAdminStatement(url ?? '', `drop schema if exists "${appSchema}" cascade`);
    await runAdminStatement(url ?? '', `drop schema if exists "${graphileSchema}" cascade`);
  });

  it("the application's migrations wait while another process changes a schema", async () => {
    const database = createDatabase(url ?? '', { schema: appSchema });
    try {
      await holder.query('select pg_advisory_lock(hashtext($1))', [schemaMigrationLock]);
      const migrating = database.migrate();
      migrating.catch(() => undefined);
      expect(await stillWaitingAfter(migrating, 500)).toBe(true);
      await holder.query('select pg_advisory_unlock(hashtext($1))', [schemaMigrationLock]);
      await migrating;
    } finally {
      await holder.query('select pg_advisory_unlock_all()');
      await database.destroy();
    }
  }, 30_000);

  it("graphile-worker's migrations wait too", async () => {
    const queue = createGraphileQueue({ connectionString: url ?? '', schema: graphileSchema });
    try {
      await holder.query('select pg_advisory_lock(hashtext($1))', [schemaMigrationLock]);
      const reading = queue.stats(); // its first use migrates graphile's schema
      reading.catch(() => undefined);
      expect(await stillWaitingAfter(reading, 500)).toBe(true);
      await holder.query('select pg_advisory_unlock(hashtext($1))', [schemaMigrationLock]);
      expect((await reading).waiting).toBe(0);
    } finally {
      await holder.query('select pg_advisory_unlock_all()');
      await queue.close();
    }
  }, 30_000);
});
