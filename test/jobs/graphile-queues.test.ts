// graphile-worker's named queues as cwsync uses them: a fixed number of them, whatever the number of keys (every
// claim locks each free queue row, so their number is each claim's cost), and the enqueue that is one function.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphileQueueCount, queueNameOf } from '../../src/jobs/create-graphile-queue.js';
import { createGraphileQueue, jobKeyOf, type JobQueue, type JobSpec } from '../../src/jobs/index.js';
import { postgresTestUrl } from '../support/database.js';

const url = postgresTestUrl();

describe('the graphile queue of a key', () => {
  it('is always the same for a key, and one of a fixed few for any number of keys', () => {
    const keys = Array.from({ length: 20_000 }, (_, index) => `["cwsync.push","i","accounts","${index}"]`);
    const names = new Set(keys.map(queueNameOf));
    expect(queueNameOf(keys[7]!)).toBe(queueNameOf(keys[7]!));
    expect(names.size).toBe(graphileQueueCount);
  });
});

describe.skipIf(url === undefined)('enqueueing on graphile-worker', () => {
  const schema = `cwsync_gwq_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  let queue: JobQueue;
  const spec = (recordId: string, payload?: unknown): JobSpec => ({
    kind: 'push',
    instanceId: 'i',
    module: 'accounts',
    recordId,
    ...(payload !== undefined ? { payload } : {}),
  });
  const waitingPayload = async (recordId: string): Promise<unknown> => {
    const { rows } = await admin.query<{ payload: { payload: unknown } }>(
      `select payload from "${schema}"._private_jobs where key = $1`,
      [jobKeyOf(spec(recordId))],
    );
    return rows[0]?.payload.payload;
  };

  beforeAll(async () => {
    await admin.connect();
    queue = createGraphileQueue({ connectionString: url ?? '', schema });
  });
  afterAll(async () => {
    await queue?.close();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('puts any number of keys in at most the fixed number of queues, each job in its key’s', async () => {
    const recordIds = Array.from({ length: 600 }, (_, index) => `r${index}`);
    for (const recordId of recordIds) await queue.enqueue(spec(recordId, { n: 1 }));
    const { rows } = await admin.query<{ queues: string; jobs: string }>(
      `select (select count(*) from "${schema}"._private_job_queues) as queues,
              (select count(*) from "${schema}"._private_jobs) as jobs`,
    );
    expect(Number(rows[0]!.jobs)).toBe(600);
    expect(Number(rows[0]!.queues)).toBeLessThanOrEqual(graphileQueueCount);
    const placed = await admin.query<{ key: string; queue_name: string }>(
      `select j.key, q.queue_name from "${schema}"._private_jobs j
         join "${schema}"._private_job_queues q on q.id = j.job_queue_id where j.key = $1`,
      [jobKeyOf(spec('r42'))],
    );
    expect(placed.rows[0]?.queue_name).toBe(queueNameOf(jobKeyOf(spec('r42'))));
  });

  it('merges a waiting job’s payload field by field, keeps it for a missing one, replaces a non-object', async () => {
    await queue.enqueue(spec('m', { runId: 'a', adopt: true }));
    await queue.enqueue(spec('m', { runId: 'b' }), { ifWaiting: 'merge' });
    expect(await waitingPayload('m')).toEqual({ runId: 'b', adopt: true });
    await queue.enqueue(spec('m'), { ifWaiting: 'merge' });
    expect(await waitingPayload('m')).toEqual({ runId: 'b', adopt: true });
    await queue.enqueue(spec('m', ['x']), { ifWaiting: 'merge' });
    expect(await waitingPayload('m')).toEqual(['x']);
    await queue.enqueue(spec('m', { runId: 'c' }), { ifWaiting: 'keep' });
    expect(await waitingPayload('m')).toEqual(['x']);
    await queue.enqueue(spec('m', { runId: 'd' }));
    expect(await waitingPayload('m')).toEqual({ runId: 'd' });
  });

  it('is one statement, named: prepared once per connection, not parsed and planned at every enqueue', async () => {
    await queue.enqueue(spec('warm-up'));
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await queue.enqueue(spec('named'));
      const configs = sent.mock.calls.map(([config]) => config as { name?: string; text?: string });
      expect(configs).toHaveLength(1);
      expect(configs[0]!.name).toBe(`cwsync_enqueue_v1/${schema}`);
      expect(configs[0]!.text).toContain(`"${schema}".cwsync_enqueue_v1(`);
    } finally {
      sent.mockRestore();
    }
    expect(await waitingPayload('named')).toBeNull();
  });

  it('a merged job keeps the earlier run time; a kept one its own', async () => {
    const early = new Date(Date.now() + 60_000);
    const late = new Date(Date.now() + 120_000);
    const runAt = async () =>
      (
        await admin.query<{ run_at: Date }>(`select run_at from "${schema}"._private_jobs where key = $1`, [
          jobKeyOf(spec('t')),
        ])
      ).rows[0]!.run_at.getTime();
    await queue.enqueue({ ...spec('t', { n: 1 }), runAt: early });
    await queue.enqueue({ ...spec('t', { n: 2 }), runAt: late }, { ifWaiting: 'merge' });
    expect(await runAt()).toBe(early.getTime());
    await queue.enqueue({ ...spec('t', { n: 3 }), runAt: late }, { ifWaiting: 'keep' });
    expect(await runAt()).toBe(early.getTime());
    expect(await waitingPayload('t')).toEqual({ n: 2 });
  });
});

describe.skipIf(url === undefined)("graphile-worker's schema on a new database", () => {
  it('is migrated by one process at a time: a second waits for the first to finish', async () => {
    // serve and its workers start together, and graphile's own migrate let one run an early migration against a
    // table a later one had already changed (the process stopped). A process migrating holds the lock below; one
    // holding it here stands for that process.
    const schema = `cwsync_gwm_${randomBytes(6).toString('hex')}`;
    const lockName = `cwsync:graphile-migrate:${schema}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const queue = createGraphileQueue({ connectionString: url ?? '', schema });
    try {
      await admin.query('select pg_advisory_lock(hashtext($1))', [lockName]);
      let done = false;
      const enqueued = queue
        .enqueue({ kind: 'push', instanceId: 'i', module: 'accounts', recordId: 'r1' })
        .then(() => {
          done = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(done).toBe(false);
      await admin.query('select pg_advisory_unlock(hashtext($1))', [lockName]);
      await enqueued;
      const { rows } = await admin.query<{ jobs: string }>(
        `select count(*) as jobs from "${schema}"._private_jobs`,
      );
      expect(Number(rows[0]!.jobs)).toBe(1);
    } finally {
      await queue.close();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  });
});

describe.skipIf(url === undefined)('the ends of finished jobs on graphile-worker', () => {
  it('are written in batches, and a stop writes the batch in hand before it resolves', async () => {
    // A batch window far longer than the jobs: finished jobs stay in the table (locked, their named queue too)
    // until the batch is written. stop() must not resolve before that (graphile waits out the window), or a
    // finished job would look locked and run again once its worker's heartbeat is missed.
    const schema = `cwsync_gwc_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const queue = createGraphileQueue({ connectionString: url ?? '', schema, completeBatchMs: 3_000 });
    const ran: string[] = [];
    const count = async (sql: string) =>
      Number((await admin.query<{ n: string }>(sql.replaceAll('$schema', `"${schema}"`))).rows[0]!.n);
    try {
      for (const recordId of ['a', 'b', 'c'])
        await queue.enqueue({ kind: 'push', instanceId: 'i', module: 'accounts', recordId });
      await queue.start(
        {
          push: async (job) => {
            ran.push(job.recordId);
          },
        },
        { concurrency: 3 },
      );
      await vi.waitFor(() => expect(ran.length).toBe(3), { timeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await count('select count(*) as n from $schema._private_jobs')).toBe(3);
      await queue.stop();
      expect(await count('select count(*) as n from $schema._private_jobs')).toBe(0);
      expect(
        await count('select count(*) as n from $schema._private_job_queues where locked_at is not null'),
      ).toBe(0);
    } finally {
      await queue.close();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  });
});
