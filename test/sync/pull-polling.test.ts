// The poller's guarantees: a watermark taken at the start with an overlap, checkpoints a stopped poll resumes
// from, a ConnectWise failure that ends the listing, runs only for changes, and no echo of what was pushed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRepository } from '../../src/report/index.js';
import { type PollCheckpoint, type SyncState } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { createCompanies } from '../support/create-companies.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { pollInWorld } from '../support/poll-in-world.js';

const api = { origin: 'api' as const };

/** ConnectWise stamps lastUpdated to the second: a change meant to look newer must land in a later second. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_005 - (Date.now() % 1_000)));

describe.each(databaseTargets())('the poller on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  const { poll, checkpointOf } = pollInWorld(() => world);
  const pulledAfter = (cursor: string | null) => world.store.changesAfter(cursor, 500, { origin: ['pull'] });
  /** A state that reports each checkpoint written during a poll to `onCheckpoint`. */
  const watchingCheckpoints = (onCheckpoint: (checkpoint: PollCheckpoint) => Promise<void>): SyncState => ({
    ...world.sync.state,
    async setCursor(instanceId, name, value) {
      await world.sync.state.setCursor(instanceId, name, value);
      await onCheckpoint(JSON.parse(value) as PollCheckpoint);
    },
  });

  it('the first poll reads everything; one that finishes moves the watermark to its own start', async () => {
    await createCompanies(world, 'FIRST', 2);
    const startedAt = new Date();
    await poll('accounts');
    expect(await world.store.get('accounts', 'FIRST-1')).toMatchObject({ name: 'FIRST company 1' });
    expect(await world.store.get('accounts', 'FIRST-2')).toMatchObject({ name: 'FIRST company 2' });
    const checkpoint = await checkpointOf('accounts');
    expect(checkpoint).toEqual({ watermark: expect.any(String), since: null });
    expect(Date.parse(checkpoint!.watermark)).toBeGreaterThanOrEqual(startedAt.getTime());
    expect(Date.parse(checkpoint!.watermark)).toBeLessThan(Date.now());
  });

  it('a company changed during a poll, after the poll passed it, is picked up by the next one', async () => {
    const [early] = await createCompanies(world, 'DURING', 2);
    await nextSecond();
    let changed = false;
    // cwsync's clock runs a minute ahead of ConnectWise's: the overlap covers the skew.
    const skewedClock = () => new Date(Date.now() + 60_000);
    const changeEarlyOnce = async (checkpoint: PollCheckpoint) => {
      if (changed || checkpoint.lastId !== early) return;
      changed = true;
      await world.cw.client.company.companies.patch(early!, [
        { op: 'replace', path: 'name', value: 'DURING renamed' },
      ]);
    };
    await poll('accounts', { now: skewedClock, state: watchingCheckpoints(changeEarlyOnce) });
    expect(changed).toBe(true);
    expect(await world.store.get('accounts', 'DURING-1')).toMatchObject({ name: 'DURING company 1' });
    const untouched = await world.store.get('accounts', 'DURING-2');

    await poll('accounts', { now: skewedClock });
    expect(await world.store.get('accounts', 'DURING-1')).toMatchObject({ name: 'DURING renamed' });
    // records the overlap lists again cost no write
    expect((await world.store.get('accounts', 'DURING-2'))?.version).toBe(untouched?.version);
  });

  it('without the overlap, that change would be lost to a clock ahead of ConnectWise', async () => {
    const [early] = await createCompanies(world, 'SKEW', 2);
    await nextSecond();
    const skewedClock = () => new Date(Date.now() + 60_000);
    let changed = false;
    const changeEarlyOnce = async (checkpoint: PollCheckpoint) => {
      if (changed || checkpoint.lastId !== early) return;
      changed = true;
      await world.cw.client.company.companies.patch(early!, [
        { op: 'replace', path: 'name', value: 'SKEW renamed' },
      ]);
    };
    await poll('accounts', { now: skewedClock, state: watchingCheckpoints(changeEarlyOnce) });
    await poll('accounts', { now: skewedClock, overlapMs: 0 });
    expect(await world.store.get('accounts', 'SKEW-1')).toMatchObject({ name: 'SKEW company 1' });
    await poll('accounts', { now: skewedClock });
    expect(await world.store.get('accounts', 'SKEW-1')).toMatchObject({ name: 'SKEW renamed' });
  });

  it('a poll stopped half-way resumes after the last record it finished, and keeps its watermark', async () => {
    await poll('accounts');
    const ids = await createCompanies(world, 'HALF', 5);
    const dieAfterThree = watchingCheckpoints(async (checkpoint) => {
      if (checkpoint.lastId === ids[2]) throw new Error('the worker was killed');
    });
    await expect(poll('accounts', { state: dieAfterThree })).rejects.toThrow('killed');
    const stopped = await checkpointOf('accounts');
    expect(stopped).toMatchObject({ lastId: ids[2] });

    const pulledIds: string[] = [];
    const reports: ReportRepository = {
      ...world.sync.reports,
      async recordOutcome(...args) {
        pulledIds.push(args[2]);
        return world.sync.reports.recordOutcome(...args);
      },
    };
    await poll('accounts', { reports });
    expect(pulledIds).toEqual([String(ids[3]), String(ids[4])]);
    for (let index = 1; index <= 5; index += 1) {
      expect(await world.store.get('accounts', `HALF-${index}`)).toBeDefined();
    }
    expect(await checkpointOf('accounts')).toEqual({ watermark: stopped!.watermark, since: stopped!.since });
  });

  it('a ConnectWise failure that ends the listing fails the poll; its next run resumes from the checkpoint', async () => {
    await poll('accounts');
    const ids = await createCompanies(world, 'LIMIT', 4);
    await world.sync.runtimes.get(world.instanceId); // reference data read before the limit
    // one page of two records, then ConnectWise answers 429 for a minute: longer than the client waits
    await world.cw.setFaults({ rateLimit: { limit: 1, windowSeconds: 60 } });
    try {
      await expect(poll('accounts', { pageSize: 2 })).rejects.toMatchObject({ status: 429 });
    } finally {
      await world.cw.setFaults({ rateLimit: null });
    }
    const { lastId } = (await checkpointOf('accounts'))!;
    expect(lastId).toBeGreaterThan(0);
    expect(lastId).toBeLessThan(ids[3]!);
    for (const [index, id] of ids.entries()) {
      const account = await world.store.get('accounts', `LIMIT-${index + 1}`);
      if (id <= lastId!) expect(account).toBeDefined();
      else expect(account).toBeUndefined();
    }

    await world.sync.runtimes.invalidate(world.instanceId); // a new client, not slowed down by the 429
    await world.queue.enqueue({
      kind: 'poll',
      instanceId: world.instanceId,
      module: 'accounts',
      recordId: '-',
    });
    await world.drain({ feed: false });
    for (let index = 1; index <= 4; index += 1) {
      expect(await world.store.get('accounts', `LIMIT-${index}`)).toMatchObject({
        name: `LIMIT company ${index}`,
      });
    }
    expect(await checkpointOf('accounts')).not.toHaveProperty('lastId');
  });

  it('a scheduled poll opens a run only when it finds a change', async () => {
    await poll('accounts');
    const runsBefore = (await world.sync.reports.listRuns({ instanceId: world.instanceId })).length;
    await poll('accounts');
    expect(await world.sync.reports.listRuns({ instanceId: world.instanceId })).toHaveLength(runsBefore);

    await createCompanies(world, 'SCHEDULED', 1);
    await poll('accounts');
    const [run, ...older] = await world.sync.reports.listRuns({ instanceId: world.instanceId });
    expect(older).toHaveLength(runsBefore);
    expect(run).toMatchObject({
      module: 'accounts',
      direction: 'pull',
      trigger: 'schedule',
      status: 'succeeded',
    });
    expect(run!.counts).toMatchObject({ created: 1, unchanged: 0 });
  });

  it('a run asked for while a scheduled poll was under way takes over; the scheduled run ends with what it saw', async () => {
    await poll('accounts');
    const ids = await createCompanies(world, 'TAKEOVER', 3);
    const dieAfterFirst = watchingCheckpoints(async (checkpoint) => {
      if (checkpoint.lastId === ids[0]) throw new Error('the worker was killed');
    });
    await expect(poll('accounts', { state: dieAfterFirst })).rejects.toThrow('killed');
    const scheduledRunId = (await checkpointOf('accounts'))!.runId!;
    const manualRunId = await world.sync.reports.startRun({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'pull',
      trigger: 'manual',
    });
    await poll('accounts', {}, { runId: manualRunId });
    const scheduled = await world.sync.runProgress(scheduledRunId);
    expect(scheduled).toMatchObject({ status: 'succeeded', expected: 1, done: 1 });
    expect(scheduled!.counts.created).toBe(1);
    const manual = await world.sync.runProgress(manualRunId);
    expect(manual).toMatchObject({ status: 'succeeded', expected: 2, done: 2 });
    expect(manual!.counts.created).toBe(2);
  });

  it('a record cwsync pushed does not come back as a change on the next poll', async () => {
    await poll('accounts');
    await world.store.upsert(
      'accounts',
      'PUSHED-1',
      { name: 'Pushed Ltd', type: { id: 'customer' }, addresses: [{ city: 'Tampa', isBilling: true }] },
      api,
    );
    await world.drain();
    const pushed = await world.store.get('accounts', 'PUSHED-1');
    expect(pushed?.integrationIds).toHaveProperty('sandbox');
    const runsBefore = (await world.sync.reports.listRuns({ instanceId: world.instanceId })).length;
    let feedCursor: string | null = null;
    for (let page = await pulledAfter(null); page.changes.length > 0; page = await pulledAfter(feedCursor)) {
      feedCursor = page.nextCursor;
    }

    await poll('accounts');
    expect((await world.store.get('accounts', 'PUSHED-1'))?.version).toBe(pushed?.version);
    expect(await world.sync.reports.listRuns({ instanceId: world.instanceId })).toHaveLength(runsBefore);
    expect((await pulledAfter(feedCursor)).changes).toEqual([]);
  });
});
