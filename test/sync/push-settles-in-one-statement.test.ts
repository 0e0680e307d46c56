// On PostgreSQL with graphile-worker, a push that leaves its record in step files its end in one statement
// (src/sync/settle-synced-push.ts) instead of a transaction of four round trips; only when records wait for it is a
// transaction opened, to wake them. The push handler of the sync service as a worker wires it, run on one job by
// hand, its statements seen at node-postgres. PostgreSQL only (SQLite files the same with the job's end).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue, JobSpec } from '../../src/jobs/index.js';
import { createSyncService, pushJobKind, type SyncService } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { upsertAccount } from '../support/sync-records.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const postgres = databaseTargets().find((target) => target.name === 'postgres');

/**
 * The SQL texts node-postgres sends while `work` runs, whitespace folded. Installed before the world opens its pool:
 * a pooled client keeps the `query` it was given when first lent out (src/db/pipeline-transaction-start.ts).
 */
function watchStatements(): { during(work: () => Promise<void>): Promise<string[]>; restore(): void } {
  const query = pg.Client.prototype.query;
  let seen: string[] | undefined;
  pg.Client.prototype.query = function seenQuery(this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    seen?.push(String(text ?? '').replace(/\s+/g, ' '));
    return (query as (...rest: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return {
    async during(work) {
      seen = [];
      try {
        await work();
        return seen;
      } finally {
        seen = undefined;
      }
    },
    restore: () => {
      pg.Client.prototype.query = query;
    },
  };
}

describe.skipIf(postgres === undefined)(
  'a push in step ends in one statement, graphile-worker on PostgreSQL',
  () => {
    let world: SyncWorld;
    let sync: SyncService;
    const queued: JobSpec[] = [];
    const statements = watchStatements();

    beforeAll(async () => {
      world = await startSyncWorld(postgres!);
      await upsertAccount(world.store, 'A-1', { name: 'Settled Works' });
      await world.drain();
      // The same service as `cwsync worker` builds on graphile-worker: its jobs' bookkeeping outside the queue's
      // transaction. Its enqueues are recorded, not run.
      const queue: JobQueue = {
        ...world.queue,
        runner: 'graphile',
        enqueue: async (spec) => {
          queued.push(spec);
        },
      };
      sync = createSyncService({
        db: world.database.db,
        store: world.store,
        instances: world.instances,
        connector: world.connector,
        queue,
      });
    }, 60_000);
    afterAll(async () => {
      await world?.stop();
      statements.restore();
    });

    const pushA1 = () =>
      sync.handlers[pushJobKind]!(
        {
          key: 'A-1',
          kind: pushJobKind,
          instanceId: world.instanceId,
          module: 'accounts',
          recordId: 'A-1',
          payload: undefined,
          attempt: 1,
          maxAttempts: 5,
        },
        { signal: new AbortController().signal },
      );
    const reportOf = () =>
      world.sync.reports.get({
        instanceId: world.instanceId,
        module: 'accounts',
        recordId: 'A-1',
        direction: 'push',
      });

    it('clears the report row and its own waits without a transaction when nobody waits for it', async () => {
      await world.database.db
        .insertInto('sync_report')
        .values({
          instance_id: world.instanceId,
          module: 'accounts',
          record_id: 'A-1',
          direction: 'push',
          action: 'update',
          outcome: 'failed',
          field: null,
          message: 'a failure of yesterday',
          connectwise: null,
          candidates: null,
          attempts: 1,
          first_failed_at: '2026-12-06T00:00:00.000Z',
          last_failed_at: '2026-12-06T00:00:00.000Z',
        })
        .execute();
      await world.sync.state.addWaits(world.instanceId, 'push', { module: 'accounts', recordId: 'A-1' }, [
        { module: 'contacts', recordId: 'C-9' },
      ]);

      const sent = await statements.during(pushA1);

      expect(await reportOf()).toBeUndefined();
      expect(await world.database.db.selectFrom('sync_waits').selectAll().execute()).toEqual([]);
      expect(sent.filter((text) => text.startsWith('with cleared_report'))).toHaveLength(1);
      expect(sent.filter((text) => /^(begin|commit)$/i.test(text))).toEqual([]);
      expect(sent.filter((text) => text.includes('"sync_report"') || text.includes('"sync_waits"'))).toEqual(
        [],
      );
    });

    it('wakes the records that wait for it, in a transaction, and removes their waits', async () => {
      await world.sync.state.addWaits(world.instanceId, 'push', { module: 'contacts', recordId: 'C-1' }, [
        { module: 'accounts', recordId: 'A-1' },
      ]);
      queued.length = 0;

      const sent = await statements.during(pushA1);

      expect(queued).toEqual([
        { kind: pushJobKind, instanceId: world.instanceId, module: 'contacts', recordId: 'C-1' },
      ]);
      expect(await world.database.db.selectFrom('sync_waits').selectAll().execute()).toEqual([]);
      expect(sent.filter((text) => text.startsWith('with cleared_report'))).toHaveLength(1);
      expect(sent.filter((text) => /^begin$/i.test(text))).toHaveLength(1);
    });
  },
);
