// On SQLite a poll takes its records in groups, each group's records, bookkeeping and checkpoint in one commit
// (issue 14, P6): a group that fails is undone whole and taken again from the checkpoint before it — nothing
// lost, nothing twice — and a pull run costs a fraction of a commit per record, not one per write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import type { JobContext } from '../../src/jobs/index.js';
import { createLinkRepository } from '../../src/instances/index.js';
import type { ReportRepository } from '../../src/report/index.js';
import { createSyncState } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { pollInWorld } from '../support/poll-in-world.js';
import { CommitCounter, countLinks, sqliteWorldSeeing } from '../support/counted-sqlite-world.js';
import { createCompanies } from '../support/create-companies.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

describe.each(databaseTargets())('a poll taking its records in groups on $name', (target) => {
  let world: SyncWorld;
  const { poll, checkpointOf } = pollInWorld(() => world);
  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.sync.startRuns({ instanceId: world.instanceId, direction: 'pull' });
    await world.drain({ feed: false });
  });
  afterAll(() => world?.stop());

  const entityOf = (module: string) => world.connector.modules.get(module)?.definition.bssEntity ?? module;
  const inGroupsOf = (groupSize: number) => ({
    groupSize,
    groupsOver: {
      storeOver: createRecordStore,
      linksOver: (db: Parameters<typeof createRecordStore>[0]) => createLinkRepository(db, { entityOf }),
      stateOver: (db: Parameters<typeof createRecordStore>[0]) => createSyncState(db),
    },
  });
  // The queue's transaction, as `JobContext.transaction` gives it; nothing here queues a job.
  const transaction: JobContext['transaction'] = (work) =>
    world.database.db.transaction().execute((trx) =>
      work({
        db: trx,
        enqueue: () => Promise.reject(new Error('this poll was not expected to queue a job')),
      }),
    );

  it('a group that fails is undone whole, and the poll run again takes it from the checkpoint before it', async () => {
    await poll('accounts', inGroupsOf(5), undefined, { transaction });
    const before = (await checkpointOf('accounts'))!;
    const ids = await createCompanies(world, 'GROUPED', 14);
    const runId = await world.sync.reports.startRun({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'pull',
      trigger: 'manual',
    });
    const stopAt = ids[7]!; // after seven of them were written, in the same group
    const failing: ReportRepository = {
      ...world.sync.reports,
      over: (db) => {
        const inside = world.sync.reports.over(db);
        return {
          ...inside,
          async recordOutcome(...args) {
            if (args[2] === String(stopAt)) throw new Error('the worker was killed');
            return inside.recordOutcome(...args);
          },
        };
      },
    };
    // one group holds the overlap's earlier companies and all fourteen
    await expect(
      poll('accounts', { ...inGroupsOf(1000), reports: failing }, { runId }, { transaction }),
    ).rejects.toThrow('killed');
    // nothing of the group is left: not the seven written before the failure, nor their links or outcomes
    expect(await checkpointOf('accounts')).toEqual(before);
    for (let index = 1; index <= 14; index += 1) {
      expect(await world.store.get('accounts', `GROUPED-${index}`), `GROUPED-${index}`).toBeUndefined();
    }
    const linked = await world.database.db
      .selectFrom('record_links')
      .select('integration_id')
      .where('instance_id', '=', world.instanceId)
      .where('entity', '=', 'accounts')
      .where('integration_id', 'in', ids.map(String))
      .execute();
    expect(linked).toEqual([]);
    expect((await world.sync.runProgress(runId))!.counts).toMatchObject({ created: 0, unchanged: 0 });

    await poll('accounts', inGroupsOf(5), { runId }, { transaction });
    const accounts = await world.store.list('accounts', { limit: 500 });
    expect(accounts.items.filter((account) => account.id.startsWith('GROUPED-'))).toHaveLength(14);
    const run = await world.sync.runProgress(runId);
    expect(run).toMatchObject({ status: 'succeeded', done: run!.expected });
    // every one counted once, as created: the failed group's outcomes were undone with its writes
    expect(run!.counts).toMatchObject({ created: 14, failed: 0 });
    const finished = (await checkpointOf('accounts'))!;
    expect(finished.lastId).toBeUndefined();
  });
});

describe('commits of a pull run through the service, SQLite', () => {
  // a claim: the queue repeats it while it waits for due jobs, as often as the timing makes it
  const counter = new CommitCounter(/^\s*update sync_jobs\s+set state = 'running'/);
  const worldOf = sqliteWorldSeeing((sqlText) => counter.see(sqlText));

  it('pulls 40 companies and 80 contacts in under one commit per five records (a commit per write was ~6 per record)', async () => {
    const world = worldOf();
    await createCompanies(world, 'COMMITS', 40, 2);
    const linksBefore = await countLinks(world);
    counter.counting = true;
    await world.sync.startRuns({ instanceId: world.instanceId, direction: 'pull' });
    await world.drain({ feed: false });
    counter.counting = false;
    const pulled = (await countLinks(world)) - linksBefore;
    expect(pulled).toBe(120);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    expect(counter.commits / pulled, `${counter.commits} commits for ${pulled} records`).toBeLessThan(0.2);
  });
});
