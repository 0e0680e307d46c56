// Two pulls of the same ConnectWise record at once — a callback's pull job on one worker while the poll on
// another reaches the same company — settle as one write: one BSS record, linked, and no failure in the report.
// The race is made certain: both pulls are held just before they create, until both have looked and found
// nothing; and links land late, so the pull that lost looks again before the winner has linked its record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnectWiseRecord,
  LinkRepository,
  RecordWriter,
  PullOutcome,
} from '../../../src/engine/index.js';
import { describeEntryMessage } from '../../../src/report/format-report.js';
import { pullAndFile, type InstanceRuntime, type SyncJobDependencies } from '../../../src/sync/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';

/** A writer whose creates wait until `parties` of them have arrived (or a second has passed), then go together. */
function creatingTogether(writer: RecordWriter, parties: number): RecordWriter {
  let arrived = 0;
  let release!: () => void;
  const together = new Promise<void>((resolve) => (release = resolve));
  return {
    ...writer,
    async create(entity, id, fields) {
      arrived += 1;
      if (arrived >= parties) release();
      await Promise.race([together, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      return writer.create(entity, id, fields);
    },
  };
}

/** One pull created the record; the other found it (linked or up to date) instead of failing or creating again. */
function expectOneCreateAndOneSettled(outcomes: PullOutcome[]): void {
  const [created, other] = [...outcomes].sort((a) => (a.outcome === 'created' ? -1 : 1));
  expect(created?.outcome).toBe('created');
  expect(['unchanged', 'linked', 'updated']).toContain(other?.outcome);
}

/** Links saved a moment late: the pull that created the record has not linked it when the other looks again. */
function linkingLate(links: LinkRepository): LinkRepository {
  return {
    ...links,
    async save(link) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return links.save(link);
    },
  };
}

describe.each(databaseTargets())('two pulls of the same ConnectWise record racing, on $name', (target) => {
  let world: SyncWorld;
  let deps: SyncJobDependencies;
  let runtime: InstanceRuntime;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    deps = {
      runtimes: world.sync.runtimes,
      queue: world.queue,
      reports: world.sync.reports,
      state: world.sync.state,
    };
    runtime = await world.sync.runtimes.get(world.instanceId);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const pullTwiceAtOnce = async (module: string, resource: string, connectwiseId: number) => {
    const record = (await world.cw.client
      .resource<ConnectWiseRecord, Record<string, unknown>>(resource)
      .get(connectwiseId)) as ConnectWiseRecord;
    const racing = {
      ...runtime,
      pull: {
        ...runtime.pull,
        writer: creatingTogether(runtime.pull.writer, 2),
        links: linkingLate(runtime.pull.links),
      },
    };
    return Promise.all([
      pullAndFile(deps, racing, module, record, undefined),
      pullAndFile(deps, racing, module, record, undefined),
    ]);
  };
  const reported = async () =>
    (await world.sync.reports.list({ instanceId: world.instanceId, limit: 1000 })).entries;

  it('a new company becomes one account, linked, with no failure reported', async () => {
    const company = await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'RACE-1',
      name: 'Racing Ltd',
      city: 'Tampa',
    });
    const outcomes = await pullTwiceAtOnce('accounts', 'company/companies', company.id);

    expectOneCreateAndOneSettled(outcomes);
    expect(await world.store.get('accounts', 'RACE-1')).toMatchObject({
      name: 'Racing Ltd',
      integrationIds: { [world.instanceId]: String(company.id) },
    });
    const accounts = await world.store.list('accounts', { filters: { name: 'Racing Ltd' }, limit: 500 });
    expect(accounts.items).toHaveLength(1);
    expect(await reported()).toEqual([]);
  });

  it('a new contact becomes one contact, linked, with no failure reported', async () => {
    const company = await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'RACE-2',
      name: 'Racing Two',
      city: 'Tampa',
    });
    await pullTwiceAtOnce('accounts', 'company/companies', company.id);
    const contact = await world.cw.client.company.contacts.create({
      firstName: 'Rae',
      lastName: 'Singh',
      company: { id: company.id },
    });
    const outcomes = await pullTwiceAtOnce('contacts', 'company/contacts', contact.id);

    expectOneCreateAndOneSettled(outcomes);
    expect(await world.store.get('contacts', `CW-CONTACT-${contact.id}`)).toMatchObject({
      account: { id: 'RACE-2' },
      integrationIds: { [world.instanceId]: String(contact.id) },
    });
    expect(await reported()).toEqual([]);
  });

  it('a BSS record in the way is reported as the BSS refusing the write, never as a ConnectWise 409', async () => {
    const elsewhere = await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'ELSEWHERE-3',
      name: 'Elsewhere',
      city: 'Tampa',
    });
    await world.store.create(
      'accounts',
      {
        id: 'RACE-3',
        name: 'Taken Ltd',
        type: { id: 'customer' },
        currency: { id: 'USD' },
        addresses: [{ address1: '3 Taken Road', city: 'Tampa', countryCode: 'US', isBilling: true }],
      },
      { origin: 'api' },
    );
    await runtime.links.save({
      instanceId: world.instanceId,
      module: 'accounts',
      recordId: 'RACE-3',
      connectwiseId: elsewhere.id,
      pushedBody: {},
    });
    const company = await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'RACE-3',
      name: 'Race Three',
      city: 'Tampa',
    });
    const record = (await world.cw.client
      .resource<ConnectWiseRecord, Record<string, unknown>>('company/companies')
      .get(company.id)) as ConnectWiseRecord;
    const outcome = await pullAndFile(deps, runtime, 'accounts', record, undefined);

    expect(outcome).toMatchObject({
      outcome: 'failed',
      failure: { message: 'the BSS refused the write: accounts RACE-3 already exists', retryable: false },
    });
    const entry = (await reported()).find((row) => row.recordId === String(company.id));
    expect(entry?.connectwise).toBeUndefined();
    expect(describeEntryMessage(entry!)).not.toContain('ConnectWise');
  });
});
