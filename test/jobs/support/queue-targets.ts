import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../../src/db/index.js';
import {
  createEmbeddedQueue,
  createGraphileQueue,
  jobKeyOf,
  type JobQueue,
  type JobSpec,
} from '../../../src/jobs/index.js';
import { databaseTargets, postgresTestUrl } from '../../support/database.js';

/** Short intervals so the suite runs quickly; behaviour does not depend on them. */
export interface TestQueueOptions {
  maxAttempts?: number;
  baseBackoffMs?: number;
  stopGraceMs?: number;
}

export interface OpenQueueTarget {
  /** A new queue on the target's storage; like a separate process sharing the database. */
  queue(options?: TestQueueOptions): JobQueue;
  /** Marks the job of `spec` as claimed by a process that died long enough ago for its lease/lock to be over. */
  simulateCrashedClaim(spec: JobSpec): Promise<void>;
  /** Empties the queue's storage between tests. */
  reset(): Promise<void>;
  destroy(): Promise<void>;
}

export interface QueueTarget {
  name: string;
  open(): Promise<OpenQueueTarget>;
}

const fast = { pollIntervalMs: 20, baseBackoffMs: 5, maxBackoffMs: 50 };

function embeddedTarget(name: string, openDatabase: () => Promise<DatabaseHandle>): QueueTarget {
  return {
    name,
    async open() {
      const database = await openDatabase();
      const queues: JobQueue[] = [];
      return {
        queue(options = {}) {
          const queue = createEmbeddedQueue(database.db, { ...fast, leaseMs: 2000, ...options });
          queues.push(queue);
          return queue;
        },
        async simulateCrashedClaim(spec) {
          await sql`update sync_jobs set state = 'running', attempts = attempts + 1, locked_by = 'dead-process',
                    locked_until = ${new Date(Date.now() - 1000).toISOString()}
                    where job_key = ${jobKeyOf(spec as Parameters<typeof jobKeyOf>[0])} and state = 'waiting'`.execute(
            database.db,
          );
        },
        async reset() {
          for (const queue of queues.splice(0)) await queue.close();
          await database.db.deleteFrom('sync_jobs').execute();
        },
        async destroy() {
          for (const queue of queues.splice(0)) await queue.close();
          await database.destroy();
        },
      };
    },
  };
}

async function adminQuery(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

function graphileTarget(url: string): QueueTarget {
  return {
    name: 'graphile on postgres',
    async open() {
      const schema = `cwsync_gw_test_${randomBytes(6).toString('hex')}`;
      const queues: JobQueue[] = [];
      const make = (options: TestQueueOptions = {}) => {
        const queue = createGraphileQueue({
          connectionString: url,
          schema,
          ...fast,
          resetLockedIntervalMs: 50,
          ...options,
        });
        queues.push(queue);
        return queue;
      };
      // Migrate once up front so that parallel queues do not race to create the schema.
      const first = make();
      await first.stats();
      return {
        queue: make,
        async simulateCrashedClaim(spec) {
          const key = jobKeyOf(spec as Parameters<typeof jobKeyOf>[0]);
          await adminQuery(
            url,
            `with j as (
               update "${schema}"._private_jobs set locked_at = now() - interval '5 hours', locked_by = 'dead-process',
                      attempts = attempts + 1 where key = $1 returning job_queue_id)
             update "${schema}"._private_job_queues q set locked_at = now() - interval '5 hours',
                    locked_by = 'dead-process' from j where q.id = j.job_queue_id`,
            [key],
          );
        },
        async reset() {
          for (const queue of queues.splice(1)) await queue.close();
          await first.stop();
          await adminQuery(
            url,
            `delete from "${schema}"._private_jobs; update "${schema}"._private_job_queues set locked_at = null, locked_by = null`,
          );
        },
        async destroy() {
          for (const queue of queues.splice(0)) await queue.close();
          await adminQuery(url, `drop schema if exists "${schema}" cascade`);
        },
      };
    },
  };
}

/** Embedded on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), graphile-worker on PostgreSQL. */
export function queueTargets(): QueueTarget[] {
  const targets = databaseTargets().map((target) =>
    embeddedTarget(`embedded on ${target.name}`, target.open),
  );
  const url = postgresTestUrl();
  if (url !== undefined) targets.push(graphileTarget(url));
  return targets;
}

/** Waits until `condition` holds (checked every few ms); fails with `what` when it never does. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A push job of an account, the spec the queue tests enqueue. */
export const spec = (recordId: string, payload: unknown = null): JobSpec => ({
  kind: 'push',
  instanceId: 'inst-1',
  module: 'Accounts',
  recordId,
  payload,
});

/**
 * Opens `target` before the suite's tests, empties it before each and destroys it after; call inside a
 * `describe`, read the open target through the getter once the tests run.
 */
export function openForEachTest(target: QueueTarget): () => OpenQueueTarget {
  let open: OpenQueueTarget | undefined;
  beforeAll(async () => {
    open = await target.open();
  });
  afterAll(async () => {
    await open?.destroy();
  });
  beforeEach(async () => {
    await open!.reset();
  });
  return () => open!;
}
