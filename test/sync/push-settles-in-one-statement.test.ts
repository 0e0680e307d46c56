// On PostgreSQL with graphile-worker, a push that leaves its record in step outside a run files its end in one
// statement (src/sync/settle-synced-push.ts) instead of a transaction of five to seven round trips: also when it
// awaits another record (an account's first push, its primary contact) or pushes one again (the primary contact,
// its account); the records that wait for it are woken and their waits removed in one more statement. The push handler of the sync service as a worker wires it, run on one job by
// hand, its statements seen at node-postgres. PostgreSQL only (SQLite files the same with the job's end).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue, JobSpec } from '../../src/jobs/index.js';
import { createLinkRepository } from '../../src/instances/index.js';
import { createSyncService, pushJobKind, type SyncService } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { upsertAccount, upsertContact } from '../support/sync-records.js';
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

    const push = (module: string, recordId: string) =>
      sync.handlers[pushJobKind]!(
        {
          key: recordId,
          kind: pushJobKind,
          instanceId: world.instanceId,
          module,
          recordId,
          payload: undefined,
          attempt: 1,
          maxAttempts: 5,
        },
        { signal: new AbortController().signal },
      );
    const pushA1 = () => push('accounts', 'A-1');
    const linkOf = (module: string, recordId: string) =>
      createLinkRepository(world.database.db).find(world.instanceId, module, recordId);
    const bookkeeping = (sent: string[]) =>
      sent.filter(
        (text) =>
          /^(begin|commit)$/i.test(text) || text.includes('"sync_report"') || text.includes('"sync_waits"'),
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
      // its own link read with the record, not apart
      expect(sent.filter((text) => text.startsWith('select * from "record_links"'))).toEqual([]);
      expect(sent.filter((text) => /^(begin|commit)$/i.test(text))).toEqual([]);
      expect(sent.filter((text) => text.includes('"sync_report"') || text.includes('"sync_waits"'))).toEqual(
        [],
      );
    });

    it('wakes the records that wait for it without a transaction, and removes their waits in one statement', async () => {
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
      expect(sent.filter((text) => text.startsWith('delete from sync_waits as wait'))).toHaveLength(1);
      expect(bookkeeping(sent)).toEqual([]);
    });

    it("files an account's wait for its primary contact in the same statement, and queues the contact", async () => {
      await upsertAccount(world.store, 'A-2', { name: 'Awaiting Works' });
      await upsertContact(world.store, 'C-2', 'A-2', {
        firstName: 'Pat',
        lastName: 'Prime',
        isPrimary: true,
      });
      queued.length = 0;

      const sent = await statements.during(() => push('accounts', 'A-2'));

      expect(await linkOf('accounts', 'A-2')).toBeDefined();
      expect(
        await world.database.db
          .selectFrom('sync_waits')
          .select(['module', 'record_id', 'waits_for_module', 'waits_for_record', 'run_id'])
          .execute(),
      ).toEqual([
        {
          module: 'accounts',
          record_id: 'A-2',
          waits_for_module: 'contacts',
          waits_for_record: 'C-2',
          run_id: null,
        },
      ]);
      expect(queued).toEqual([
        { kind: pushJobKind, instanceId: world.instanceId, module: 'contacts', recordId: 'C-2' },
      ]);
      expect(sent.filter((text) => text.startsWith('with cleared_report'))).toHaveLength(1);
      expect(bookkeeping(sent)).toEqual([]);
    });

    it('wakes the account its primary contact pushes again once, and removes its wait', async () => {
      queued.length = 0;

      const sent = await statements.during(() => push('contacts', 'C-2'));

      expect(await linkOf('contacts', 'C-2')).toBeDefined();
      // woken (it waited) and pushed again (the contact is its primary): one job
      expect(queued).toEqual([
        { kind: pushJobKind, instanceId: world.instanceId, module: 'accounts', recordId: 'A-2' },
      ]);
      expect(await world.database.db.selectFrom('sync_waits').selectAll().execute()).toEqual([]);
      expect(bookkeeping(sent)).toEqual([]);
      // whether the account's last write names its primary contact: known from the account as read, with its link
      expect(sent.filter((text) => text.startsWith('select * from "record_links"'))).toEqual([]);
    });
  },
);
