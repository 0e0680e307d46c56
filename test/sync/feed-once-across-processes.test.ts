// Every process of a fleet on graphile-worker (`serve`, each `cwsync worker`) is woken by the same BSS write and
// reads the change feed: one at a time (the queue's `oneAtATime`), so the first queues the change and moves the
// cursor, and the others find nothing new — not one enqueue of every change per process (measured: 4 workers
// queued each record's push 4 times, docs/benchmarks.md, branch pg-queue). Two sync services on one database stand
// for two processes; their enqueues are recorded, not run. PostgreSQL only: the lock is graphile's.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RecordStore } from '../../src/bss/store/index.js';
import { createGraphileQueue, type JobQueue, type JobSpec } from '../../src/jobs/index.js';
import { createSyncService, pushJobKind, type SyncService } from '../../src/sync/index.js';
import { databaseTargets, postgresTestUrl, runAdminStatement } from '../support/database.js';
import { upsertAccount } from '../support/sync-records.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const postgres = databaseTargets().find((target) => target.name === 'postgres');

describe.skipIf(postgres === undefined)('the change feed of several processes on graphile-worker', () => {
  const schema = `cwsync_feed_${randomBytes(6).toString('hex')}`;
  let world: SyncWorld;
  const queues: JobQueue[] = [];
  const services: SyncService[] = [];
  const queued: JobSpec[] = [];
  const reads = [0, 0];

  beforeAll(async () => {
    world = await startSyncWorld(postgres!, { service: { feedEveryMs: 3_600_000 } });
    await world.drain();
    for (const process of [0, 1]) {
      const graphile = createGraphileQueue({ connectionString: postgresTestUrl()!, schema });
      queues.push(graphile);
      const queue: JobQueue = {
        ...graphile,
        // the first enqueue is slow: a reader that did not wait would read the change before the cursor moves
        enqueue: async (spec) => {
          queued.push(spec);
          if (queued.length === 1) await new Promise((resolve) => setTimeout(resolve, 300));
        },
      };
      // one store, so that one write wakes both, as a write's notice wakes every process
      const store: RecordStore = {
        ...world.store,
        changesAfter: async (...args) => {
          const changes = await world.store.changesAfter(...args);
          reads[process]! += 1;
          return changes;
        },
      };
      const sync = createSyncService({
        db: world.database.db,
        store,
        instances: world.instances,
        connector: world.connector,
        queue,
        feedEveryMs: 3_600_000,
      });
      services.push(sync);
    }
  }, 60_000);
  afterAll(async () => {
    for (const sync of services) await sync.close();
    for (const queue of queues) await queue.close();
    await world?.stop();
    await runAdminStatement(postgresTestUrl() ?? '', `drop schema if exists "${schema}" cascade`);
  });

  it('queues a change once, however many processes the write woke', async () => {
    for (const sync of services) sync.registerSchedules(); // each reads the feed: nothing new yet
    await vi.waitFor(() => expect(reads.every((count) => count > 0)).toBe(true));
    reads.fill(0);

    await upsertAccount(world.store, 'ONCE-1', { name: 'Queued Once' });
    await vi.waitFor(() => expect(reads.every((count) => count > 0)).toBe(true), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // an enqueue that would follow a read has come

    expect(queued.filter((spec) => spec.kind === pushJobKind && spec.recordId === 'ONCE-1')).toHaveLength(1);
  });
});
