// The heartbeat table of graphile workers is created by whichever worker starts first; workers that start at the
// same moment must all start (PostgreSQL's `create table if not exists` can clash with itself).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphileLiveness } from '../../src/jobs/graphile-liveness.js';
import { postgresTestUrl } from '../support/database.js';

const url = postgresTestUrl();

describe.skipIf(url === undefined)('graphile worker liveness on PostgreSQL', () => {
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  const schemas: string[] = [];
  const query = async <T extends object>(text: string, values: unknown[]) =>
    (await pool.query<T>(text, values)).rows;

  beforeAll(async () => {
    for (let round = 0; round < 5; round += 1) {
      const schema = `cwsync_live_${randomBytes(5).toString('hex')}`;
      await pool.query(`create schema "${schema}"`);
      schemas.push(schema);
    }
  });
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('starts ten workers at the same moment on a fresh schema, again and again', async () => {
    for (const schema of schemas) {
      const livenesses = Array.from({ length: 10 }, () => createGraphileLiveness({ schema, query }));
      const started = await Promise.allSettled(livenesses.map((liveness) => liveness.start()));
      expect(started.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      await Promise.all(livenesses.map((liveness) => liveness.stop()));
    }
  });

  it('frees the jobs of a worker whose heartbeat stopped, and says which', async () => {
    const schema = schemas[0]!;
    const freed: string[][] = [];
    const stale = createGraphileLiveness({ schema, query });
    await stale.start();
    stale.noteWorker('worker-gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.query(
      `update "${schema}".cwsync_worker_beats set beat_at = now() - interval '1 hour' where worker_id = 'worker-gone'`,
    );
    // graphile's own function and jobs table, stubbed here: this test is about who is declared dead, not
    // graphile's unlock
    await pool.query(
      `create or replace function "${schema}".force_unlock_workers(ids text[]) returns void language sql as 'select'`,
    );
    await pool.query(
      `create table "${schema}"._private_jobs (id bigint primary key, key text, locked_by text)`,
    );
    await pool.query(
      `insert into "${schema}"._private_jobs values (1, null, 'worker-gone'), (2, 'k2', 'worker-gone'), (3, null, 'worker-alive')`,
    );
    const watcher = createGraphileLiveness({
      schema,
      query,
      deadAfterMs: 1000,
      onFreed: (ids) => freed.push(ids),
    });
    await watcher.start();
    expect(freed).toEqual([['worker-gone']]);
    // the job the dead worker held without its key (superseded) is dropped; its keyed job is left to be unlocked
    const jobs = await pool.query(`select id from "${schema}"._private_jobs order by id`);
    expect(jobs.rows.map((row: { id: string }) => Number(row.id))).toEqual([2, 3]);
    const left = await pool.query(`select worker_id from "${schema}".cwsync_worker_beats`);
    expect(left.rows).toEqual([]);
    await watcher.stop();
    await stale.stop();
  });
});
