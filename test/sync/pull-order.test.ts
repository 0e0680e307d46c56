// A pull run's contacts come after their companies (no wait, no second read of either), a poll takes its records
// several at a time and a poll stopped in the middle of a page resumes without losing or repeating a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRepository } from '../../src/report/index.js';
import { pollCursorName, type PollCheckpoint } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { createCompanies } from '../support/create-companies.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { pollInWorld } from '../support/poll-in-world.js';

type Calls = Awaited<ReturnType<SyncWorld['calls']>>;

/** GETs of one record by id: what a contact that waited for its company costs (its company, then itself). */
const readsOfOne = (calls: Calls, resource: 'companies' | 'contacts') =>
  calls.endpoints
    .filter((endpoint) => endpoint.method === 'GET' && endpoint.route.endsWith(`/company/${resource}/:id`))
    .reduce((sum, endpoint) => sum + endpoint.total, 0);
const listings = (calls: Calls, resource: 'companies' | 'contacts') =>
  calls.endpoints
    .filter((endpoint) => endpoint.method === 'GET' && endpoint.route.endsWith(`/company/${resource}`))
    .reduce((sum, endpoint) => sum + endpoint.total, 0);

describe.each(databaseTargets())('pull order and concurrent polls on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target, { service: { pollConcurrency: 4 } });
    // everything the demo tenant holds is pulled once first: the tests below count only their own records
    await world.sync.startRuns({ instanceId: world.instanceId, direction: 'pull' });
    await world.drain({ feed: false });
  });
  afterAll(() => world?.stop());

  const resetCalls = () => fetch(`${world.cw.sandbox.url}/__sandbox/calls/reset`, { method: 'POST' });
  const linkedContactsOf = async (prefix: string) => {
    const page = await world.store.list('contacts', { limit: 500 });
    return page.items.filter((contact) => String(contact.firstName).startsWith(prefix));
  };

  it('a pull run of companies and contacts takes each contact after its company: no wait, no second read', async () => {
    await createCompanies(world, 'ORDER', 12, 2);
    await resetCalls();
    const runIds = await world.sync.startRuns({ instanceId: world.instanceId, direction: 'pull' });
    await world.drain({ feed: false });
    await world.sync.settleRuns();

    const calls = await world.calls();
    expect(readsOfOne(calls, 'companies')).toBe(0);
    expect(readsOfOne(calls, 'contacts')).toBe(0);
    expect(listings(calls, 'companies')).toBeGreaterThan(0);
    expect(listings(calls, 'contacts')).toBeGreaterThan(0);
    const contacts = await linkedContactsOf('ORDER');
    expect(contacts).toHaveLength(24);
    for (const contact of contacts) {
      expect(contact.account).toEqual({ id: String(contact.firstName).replace(/^ORDER(\d+)$/, 'ORDER-$1') });
      expect(contact.integrationIds).toHaveProperty('sandbox');
    }
    const runs = await Promise.all(runIds.map((runId) => world.sync.runProgress(runId)));
    expect(runs.map((run) => [run?.module, run?.status, run?.counts.created, run?.counts.waiting])).toEqual([
      ['accounts', 'succeeded', 12, 0],
      ['contacts', 'succeeded', 24, 0],
    ]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('a contact whose company is in no pending poll still waits for it and reads it, as before', async () => {
    // the companies' poll has run; a company created since is only found by the contacts' poll
    const [company] = await createCompanies(world, 'LATE', 1, 1);
    await resetCalls();
    const [contactsRun] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'contacts',
      direction: 'pull',
    });
    await world.drain({ feed: false });
    const calls = await world.calls();
    expect(readsOfOne(calls, 'companies')).toBe(1);
    expect(await world.store.get('accounts', 'LATE-1')).toMatchObject({
      integrationIds: { sandbox: String(company) },
    });
    const [contact] = await linkedContactsOf('LATE');
    expect(contact).toMatchObject({ account: { id: 'LATE-1' } });
    await world.sync.settleRuns();
    // the run counts every contact its listing holds (the overlap lists the previous test's again): in step now
    const run = await world.sync.runProgress(contactsRun!);
    expect(run).toMatchObject({
      status: 'succeeded',
      done: run!.expected,
      counts: { created: 1, waiting: 0 },
    });
  });

  const { poll, checkpointOf } = pollInWorld(() => world);
  const setCheckpoint = (module: string, checkpoint: PollCheckpoint) =>
    world.sync.state.setCursor(world.instanceId, pollCursorName(module), JSON.stringify(checkpoint));

  it('a contacts poll waits while the companies poll is under way and moving, not once it has stalled', async () => {
    await createCompanies(world, 'WAIT', 1, 1);
    await poll('accounts');
    const finished = (await checkpointOf('accounts'))!;
    const moving: PollCheckpoint = { ...finished, lastId: 1, at: new Date().toISOString() };
    await setCheckpoint('accounts', moving);
    const before = await world.queue.stats();
    await poll('contacts', { concurrency: 4 });
    expect(await linkedContactsOf('WAIT')).toEqual([]);
    const after = await world.queue.stats();
    // put off: queued again for a moment later, nothing taken
    expect(after.byKind.poll?.waiting ?? 0).toBe((before.byKind.poll?.waiting ?? 0) + 1);

    await setCheckpoint('accounts', { ...moving, at: new Date(Date.now() - 600_000).toISOString() });
    await poll('contacts', { concurrency: 4 });
    expect(await linkedContactsOf('WAIT')).toHaveLength(1);
    await setCheckpoint('accounts', finished);
    await world.drain({ feed: false });
  });

  it('a poll taking records 4 at a time and stopped mid-page resumes from a point with nothing unfinished below it', async () => {
    await poll('accounts');
    const ids = await createCompanies(world, 'MIDPAGE', 14, 0);
    const runId = await world.sync.reports.startRun({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'pull',
      trigger: 'manual',
    });
    const stopAt = ids[6]!;
    const failing: ReportRepository = {
      ...world.sync.reports,
      async recordOutcome(...args) {
        if (args[2] === String(stopAt)) {
          // the worker dies while the records after this one are in flight
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('the worker was killed');
        }
        return world.sync.reports.recordOutcome(...args);
      },
    };
    await expect(poll('accounts', { concurrency: 4, reports: failing }, { runId })).rejects.toThrow('killed');
    const stopped = (await checkpointOf('accounts'))!;
    // the six records before it finished: the checkpoint is the last of them, whatever finished after it
    expect(stopped.lastId).toBe(ids[5]);
    // every record at or below the checkpoint is in the BSS
    for (const [index, id] of ids.entries()) {
      if (id <= stopped.lastId!)
        expect(await world.store.get('accounts', `MIDPAGE-${index + 1}`)).toBeDefined();
    }

    const taken: string[] = [];
    const watching: ReportRepository = {
      ...world.sync.reports,
      async recordOutcome(...args) {
        taken.push(args[2]);
        return world.sync.reports.recordOutcome(...args);
      },
    };
    await poll('accounts', { concurrency: 4, reports: watching }, { runId });
    // resumed after the checkpoint: nothing below it taken again
    expect(taken.every((id) => Number(id) > stopped.lastId!)).toBe(true);
    for (let index = 1; index <= 14; index += 1) {
      expect(await world.store.get('accounts', `MIDPAGE-${index}`)).toMatchObject({
        name: `MIDPAGE company ${index}`,
      });
    }
    const accounts = await world.store.list('accounts', { limit: 500 });
    expect(accounts.items.filter((account) => account.id.startsWith('MIDPAGE-'))).toHaveLength(14);
    const run = await world.sync.runProgress(runId);
    // the run counts every record its listing holds (the overlap lists earlier tests' companies again, in step)
    expect(run).toMatchObject({ status: 'succeeded', done: run!.expected });
    // records finished after the stopped one and taken again still count as created; the stopped one was
    // written before the worker died and is found in step when taken again
    expect(run!.counts).toMatchObject({ created: 13, unchanged: run!.expected! - 13, failed: 0 });
    expect(await checkpointOf('accounts')).toEqual({ watermark: stopped.watermark, since: stopped.since });
  });

  it('a scheduled poll taking records 4 at a time opens one run for all of them', async () => {
    await poll('accounts');
    const runsBefore = (await world.sync.reports.listRuns({ instanceId: world.instanceId })).length;
    await createCompanies(world, 'ONERUN', 9, 0);
    await poll('accounts', { concurrency: 4 });
    const [run, ...older] = await world.sync.reports.listRuns({ instanceId: world.instanceId });
    expect(older).toHaveLength(runsBefore);
    expect(run).toMatchObject({ module: 'accounts', trigger: 'schedule', status: 'succeeded' });
    expect(run!.counts).toMatchObject({ created: 9 });
  });
});
