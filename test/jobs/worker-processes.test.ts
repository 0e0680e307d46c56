import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createEmbeddedQueue, createGraphileQueue, type JobQueue } from '../../src/jobs/index.js';
import { postgresTestUrl } from '../support/database.js';
import { spawnCliProcess } from '../support/cli-process.js';
import { waitFor } from './support/queue-targets.js';

const url = postgresTestUrl();
const probeHandlers = fileURLToPath(new URL('./support/probe-handlers.ts', import.meta.url));

const runners = ['graphile', 'embedded'] as const;

/** The same URL with every connection's search_path set to `schema` (how a worker process finds a test schema). */
function urlWithSchema(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

describe.skipIf(url === undefined).each(runners)(
  'cwsync worker --runner %s: two processes on PostgreSQL',
  (runner) => {
    const suffix = randomBytes(6).toString('hex');
    const probeSchema = `cwsync_probe_${suffix}`;
    const graphileSchema = `cwsync_gw_${suffix}`;
    const admin = new pg.Client({ connectionString: url });
    const appSchema = `cwsync_app_${suffix}`;
    let queue: JobQueue;
    let database: DatabaseHandle | undefined;
    let workerArgs: string[];
    const workers: ChildProcess[] = [];

    beforeAll(async () => {
      await admin.connect();
      await admin.query(`create schema "${probeSchema}"`);
      await admin.query(`create table "${probeSchema}".probe_active (job_key text primary key)`);
      await admin.query(`create table "${probeSchema}".probe_violations (job_key text not null)`);
      await admin.query(
        `create table "${probeSchema}".probe_runs (job_key text not null, n int not null, pid int not null)`,
      );
      if (runner === 'graphile') {
        queue = createGraphileQueue({ connectionString: url ?? '', schema: graphileSchema });
        await queue.stats(); // installs graphile-worker's schema before the workers start
        workerArgs = ['--database-url', url ?? '', '--graphile-schema', graphileSchema];
      } else {
        await admin.query(`create schema "${appSchema}"`);
        database = createDatabase(url, { schema: appSchema });
        await database.migrate();
        queue = createEmbeddedQueue(database.db);
        workerArgs = ['--runner', 'embedded', '--database-url', urlWithSchema(url ?? '', appSchema)];
      }
    });

    afterAll(async () => {
      for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
      await queue?.close();
      await database?.destroy();
      await admin.query(`drop schema if exists "${appSchema}" cascade`);
      await admin.query(`drop schema if exists "${probeSchema}" cascade`);
      await admin.query(`drop schema if exists "${graphileSchema}" cascade`);
      await admin.end();
    });

    it('runs 200 jobs across both processes, never one key twice at the same time', async () => {
      const output: string[] = ['', ''];
      for (const index of [0, 1]) {
        const worker = spawnCliProcess(
          [
            'worker',
            '--concurrency',
            '4',
            ...workerArgs,
            '--handlers',
            probeHandlers,
            '--poll-interval',
            '20',
          ],
          { PROBE_DATABASE_URL: url, PROBE_SCHEMA: probeSchema },
        );
        worker.stdout?.on('data', (chunk: Buffer) => (output[index] += chunk.toString()));
        worker.stderr?.on('data', (chunk: Buffer) => (output[index] += chunk.toString()));
        workers.push(worker);
      }
      await waitFor(
        () => {
          const exited = workers.findIndex(
            (worker) => worker.exitCode !== null || worker.signalCode !== null,
          );
          if (exited >= 0) throw new Error(`worker ${exited} exited before it ran:\n${output[exited]}`);
          return output.every((text) => text.includes(`running (${runner}`));
        },
        'both workers to start',
        30_000,
      );

      // 150 records changed once, and 10 hot records changed 5 times each while the workers run: 200 enqueues.
      const enqueues: Array<Promise<void>> = [];
      for (let round = 1; round <= 5; round += 1) {
        for (let hot = 0; hot < 10; hot += 1) {
          enqueues.push(
            queue.enqueue({
              kind: 'probe',
              instanceId: 'i1',
              module: 'Accounts',
              recordId: `hot-${hot}`,
              payload: { n: round },
            }),
          );
        }
        for (let record = (round - 1) * 30; record < round * 30; record += 1) {
          enqueues.push(
            queue.enqueue({
              kind: 'probe',
              instanceId: 'i1',
              module: 'Accounts',
              recordId: `r-${record}`,
              payload: { n: 1 },
            }),
          );
        }
        await Promise.all(enqueues.splice(0));
      }

      await waitFor(
        async () => {
          const stats = await queue.stats();
          return stats.waiting + stats.running === 0;
        },
        'the queue to drain',
        60_000,
      );
      const runs = (
        await admin.query<{ job_key: string; n: number; pid: number }>(
          `select job_key, n, pid from "${probeSchema}".probe_runs`,
        )
      ).rows;
      const violations = (await admin.query(`select job_key from "${probeSchema}".probe_violations`)).rows;
      expect(violations).toEqual([]);
      expect((await queue.stats()).failed).toBe(0);

      const plain = runs.filter((run) => run.job_key.startsWith('r-'));
      expect(plain).toHaveLength(150);
      expect(new Set(plain.map((run) => run.job_key)).size).toBe(150);
      for (let hot = 0; hot < 10; hot += 1) {
        const hotRuns = runs.filter((run) => run.job_key === `hot-${hot}`);
        // Coalesced: between 1 and 5 runs, and the last change is always the one run last.
        expect(hotRuns.length).toBeGreaterThanOrEqual(1);
        expect(hotRuns.length).toBeLessThanOrEqual(5);
        expect(hotRuns.some((run) => run.n === 5)).toBe(true);
      }
      expect(new Set(runs.map((run) => run.pid)).size).toBe(2);

      const exits = workers.map(
        (worker) => new Promise<number | null>((done) => worker.once('exit', (code) => done(code))),
      );
      for (const worker of workers) worker.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual([0, 0]);
      expect(output.every((text) => text.includes('Worker stopped.'))).toBe(true);
    }, 120_000);
  },
);
