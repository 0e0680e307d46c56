// A job superseded while it runs (a newer enqueue of its key: graphile detaches the running job, clearing its key
// and using up its attempts) whose worker is then killed with SIGKILL. Its work is the newer job's, which runs once
// the dead worker's jobs are freed: the detached job is no failure, so it is neither counted as failed nor listed,
// and it is cleaned up (the soak test's "ghost" failed jobs). graphile-worker on PostgreSQL, a real worker process.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphileQueue, type JobQueue } from '../../src/jobs/index.js';
import { spawnCliProcess } from '../support/cli-process.js';
import { postgresTestUrl } from '../support/database.js';
import { waitFor } from './support/queue-targets.js';

const url = postgresTestUrl();
const holdHandlers = fileURLToPath(new URL('./support/hold-handlers.ts', import.meta.url));

describe.skipIf(url === undefined)('a graphile worker killed holding a superseded job', () => {
  const suffix = randomBytes(6).toString('hex');
  const probeSchema = `cwsync_hold_${suffix}`;
  const graphileSchema = `cwsync_gw_${suffix}`;
  // the worker migrates its own database: a schema of this test's, not the shared database's public one
  const appSchema = `cwsync_app_${suffix}`;
  const admin = new pg.Client({ connectionString: url });
  let queue: JobQueue;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema "${probeSchema}"`);
    await admin.query(`create table "${probeSchema}".held (job_key text not null)`);
    await admin.query(`create schema "${appSchema}"`);
    queue = createGraphileQueue({
      connectionString: url ?? '',
      schema: graphileSchema,
      pollIntervalMs: 20,
      deadWorkerAfterMs: 1_000,
    });
    await queue.stats(); // installs graphile-worker's schema before the worker starts
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await queue?.close();
    await admin.query(`drop schema if exists "${probeSchema}" cascade`);
    await admin.query(`drop schema if exists "${graphileSchema}" cascade`);
    await admin.query(`drop schema if exists "${appSchema}" cascade`);
    await admin.end();
  });

  it('is not counted as failed once freed, and the newer job of its key runs', async () => {
    let output = '';
    worker = spawnCliProcess(
      [
        'worker',
        '--database-url',
        `${url}${url?.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${appSchema}`)}`,
        '--graphile-schema',
        graphileSchema,
        '--handlers',
        holdHandlers,
        '--poll-interval',
        '20',
        '--dead-worker-after',
        '1000',
      ],
      { PROBE_DATABASE_URL: url, PROBE_SCHEMA: probeSchema },
    );
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spec = { kind: 'hold', instanceId: 'i1', module: 'Accounts', recordId: 'r-1' };
    await queue.enqueue({ ...spec, payload: { n: 1 } });
    const held = async () =>
      Number((await admin.query(`select count(*) from "${probeSchema}".held`)).rows[0].count);
    await waitFor(
      async () => {
        if (worker!.exitCode !== null) throw new Error(`the worker exited:\n${output}`);
        return (await held()) === 1;
      },
      'the worker to take the job',
      60_000,
    );

    await queue.enqueue({ ...spec, payload: { n: 2 } }); // supersedes the running job
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));

    const ran: unknown[] = [];
    await queue.start({ hold: async (job) => void ran.push(job.payload) }, { concurrency: 2 });
    await waitFor(() => ran.length === 1, 'the newer job to run once the dead worker is freed', 20_000);
    expect(ran).toEqual([{ n: 2 }]);
    // a pass of the liveness check later, the job the killed worker held is not left as a failure
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stats = await queue.stats();
    expect({ failed: stats.failed, waiting: stats.waiting, running: stats.running }).toEqual({
      failed: 0,
      waiting: 0,
      running: 0,
    });
    expect(await queue.failed()).toEqual([]);
    const left = await admin.query(`select id from "${graphileSchema}"._private_jobs`);
    expect(left.rows).toEqual([]);
  }, 120_000);
});
