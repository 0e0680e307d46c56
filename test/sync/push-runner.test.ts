// The push runner end to end: BSS writes → change feed → queue → engine → ConnectWise sandbox, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { upsertAccount, upsertContact } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('the push runner on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  const companyOf = async (accountId: string) => {
    const found = await world.cw.client.company.companies.page({
      conditions: where('identifier', '=', accountId),
    });
    return found.items[0] as unknown as Record<string, unknown> & { id: number };
  };

  it('pushes an account and its primary contact, and sets the default contact and bill-to in one PATCH', async () => {
    await world.store.upsert(
      'accounts',
      'NW-1',
      {
        code: 'C-100',
        name: 'Northwind Traders',
        type: { id: 'customer' },
        currency: { id: 'USD' },
        addresses: [
          {
            address1: '1 Main Street',
            city: 'Tampa',
            postCode: '33602',
            stateName: 'Florida',
            countryCode: 'US',
            isBilling: true,
          },
        ],
      },
      api,
    );
    await upsertContact(world.store, 'NW-1-ann', 'NW-1', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@northwind.example',
    });
    await world.store.update('accounts', 'NW-1', { primaryContact: { id: 'NW-1-ann' } }, api);
    await world.drain();

    const company = await companyOf('NW-1');
    expect(company).toMatchObject({
      name: 'Northwind Traders',
      billToCompany: { id: company.id },
      state: 'FL',
    });
    const contacts = (
      await world.cw.client.company.contacts.page({ conditions: where('company/id', '=', company.id) })
    ).items;
    expect(contacts).toHaveLength(1);
    expect(company.defaultContact).toMatchObject({ id: contacts[0]!.id });
    const account = await world.store.get('accounts', 'NW-1');
    expect(account?.integrationIds).toMatchObject({ sandbox: String(company.id) });
    const report = await world.sync.reports.list({ instanceId: world.instanceId });
    expect(report.entries).toEqual([]);
  });

  it('pushes nothing when the BSS writes what it already had, and one PATCH for a real change', async () => {
    await world.drain();
    const before = (await world.calls()).total;
    await world.store.update('accounts', 'NW-1', { name: 'Northwind Traders' }, api);
    await world.drain();
    expect((await world.calls()).total - before).toBe(0);
    await world.store.update('accounts', 'NW-1', { phone: '+1 813 555 0199' }, api);
    await world.drain();
    expect((await world.calls()).total - before).toBe(1);
    expect((await companyOf('NW-1')).phoneNumber).toBe('+1 813 555 0199');
  });

  it('a contact whose account is not in ConnectWise yet waits, and is pushed once its account is', async () => {
    await upsertAccount(world.store, 'NW-2', { name: 'Contoso' });
    await upsertContact(world.store, 'NW-2-bo', 'NW-2', { firstName: 'Bo', lastName: 'Ek' });
    // the contact's job alone: its account is queued by the wait, not by the feed
    await world.queue.enqueue({
      kind: 'push',
      instanceId: world.instanceId,
      module: 'contacts',
      recordId: 'NW-2-bo',
    });
    await world.drain({ feed: false });
    const company = await companyOf('NW-2');
    expect(company).toBeDefined();
    const contacts = (
      await world.cw.client.company.contacts.page({ conditions: where('company/id', '=', company.id) })
    ).items;
    expect(contacts.map((contact) => contact.firstName)).toEqual(['Bo']);
    await world.drain();
  });

  it('an unmapped account type is one clear report entry; mapping it and re-syncing puts it in step', async () => {
    await world.store.upsert('account-types', 'reseller', { name: 'Reseller' }, api);
    await upsertAccount(world.store, 'NW-3', { name: 'Fabrikam', type: { id: 'reseller' } });
    await world.drain();
    const [entry] = (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' }))
      .entries;
    expect(entry).toMatchObject({
      recordId: 'NW-3',
      outcome: 'failed',
      field: 'accountType',
      action: 'create',
    });
    expect(entry!.message).toMatch(/reseller.*AccountType/);
    await world.lookups.set(world.instanceId, {
      lookup: 'AccountType',
      internalId: 'reseller',
      integrationId: String(world.ids.customerType),
    });
    expect(await world.sync.retryNotInStep(world.instanceId)).toBeGreaterThanOrEqual(1);
    await world.drain();
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    expect(await companyOf('NW-3')).toMatchObject({ name: 'Fabrikam' });
  });

  it("a changed account type goes through the company's type associations, once", async () => {
    const types = (await world.cw.client.company.companyTypes.page()).items;
    const other = types.find((type) => type.id !== world.ids.customerType)!;
    await world.store.upsert('account-types', 'partner', { name: 'Partner' }, api);
    await world.lookups.set(world.instanceId, {
      lookup: 'AccountType',
      internalId: 'partner',
      integrationId: String(other.id),
    });
    await world.sync.runtimes.invalidate(world.instanceId);
    await world.store.update('accounts', 'NW-1', { type: { id: 'partner' } }, api);
    await world.drain();
    const company = await companyOf('NW-1');
    expect((company.types as Array<{ id: number }>).map((type) => type.id)).toEqual([other.id]);
    const associations = await world.cw.client.company.typeAssociationsOf(company.id).page();
    expect(associations.items.map((association) => association.type?.id)).toEqual([other.id]);
    const before = await world.calls();
    await world.sync.startRuns({ instanceId: world.instanceId, module: 'accounts', direction: 'push' });
    await world.drain({ feed: false });
    // A full run over unchanged accounts: no write, and the association is not looked at again; the only
    // calls are the reference data (countries, states, communication types) read afresh for a manual run.
    const after = await world.calls();
    const paths = after.endpoints
      .filter(
        (endpoint) =>
          endpoint.total >
          (before.endpoints.find((b) => b.method === endpoint.method && b.route === endpoint.route)?.total ??
            0),
      )
      .map((endpoint) => `${endpoint.method} ${endpoint.route}`);
    expect(paths.sort()).toEqual([
      'GET /v4_6_release/apis/3.0/company/communicationTypes',
      'GET /v4_6_release/apis/3.0/company/countries',
      'GET /v4_6_release/apis/3.0/company/states',
    ]);
  });

  it('a manual run counts each record once, by its final outcome', async () => {
    const [runId] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'push',
    });
    await world.drain({ feed: false });
    await world.sync.settleRuns();
    const progress = await world.sync.runProgress(runId!);
    expect(progress).toMatchObject({ status: 'succeeded', expected: 3, done: 3 });
    expect(progress!.counts.unchanged + progress!.counts.updated).toBe(3);
  });
});

describe.each(databaseTargets())('an instance with a customised mapping on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  it('refuses an override that names no field or is not JSONata, naming the key', async () => {
    await expect(
      world.instances.update(world.instanceId, {
        mappingOverrides: { 'accounts.push.nmae': null, 'accounts.push.name': '$uppercase(record.name' },
      }),
    ).rejects.toThrow(
      /mappingOverrides\.accounts\.push\.nmae: .*no field "nmae".*mappingOverrides\.accounts\.push\.name: /s,
    );
    await expect(
      world.instances.update(world.instanceId, { mappingOverrides: { 'invoicez.push.name': 'record.name' } }),
    ).rejects.toThrow(/mappingOverrides\.invoicez\.push\.name: the connector has no module "invoicez"/);
  });

  it("pushes with the instance's expression, leaves out a dropped field, and keeps the default elsewhere", async () => {
    await world.instances.update(world.instanceId, {
      mappingOverrides: {
        'accounts.push.name': '$uppercase(record.name)',
        'accounts.push.phoneNumber': null,
      },
    });
    await world.store.upsert(
      'accounts',
      'CU-1',
      {
        name: 'Custom Mapping Co',
        phone: '+1 555 0100',
        type: { id: 'customer' },
        addresses: [{ city: 'Tampa', countryCode: 'US', isBilling: true }],
      },
      api,
    );
    await world.drain();
    const found = await world.cw.client.company.companies.page({
      conditions: where('identifier', '=', 'CU-1'),
    });
    expect(found.items[0]).toMatchObject({ name: 'CUSTOM MAPPING CO', city: 'Tampa' });
    expect(found.items[0]!.phoneNumber ?? '').toBe('');
  });
});

describe.each(databaseTargets())('runs of several modules at once on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  it('counts each record in its own run, even when it waited for a record of the other run', async () => {
    // Every account's primary contact and every contact's account: both runs wait on each other's records.
    for (let index = 1; index <= 12; index += 1) {
      const accountId = `RUNS-${index}`;
      await world.store.upsert(
        'accounts',
        accountId,
        {
          name: `Both Runs ${index}`,
          type: { id: 'customer' },
          currency: { id: 'USD' },
          addresses: [{ address1: `${index} Quay`, city: 'Tampa', countryCode: 'US', isBilling: true }],
        },
        { origin: 'import' },
      );
      for (const name of ['Ann', 'Bob']) {
        await world.store.upsert(
          'contacts',
          `${accountId}-${name}`,
          { account: { id: accountId }, firstName: name, lastName: `Runs${index}` },
          { origin: 'import' },
        );
      }
      await world.store.update('accounts', accountId, { primaryContact: { id: `${accountId}-Ann` } }, api);
    }

    const runIds = await world.sync.startRuns({ instanceId: world.instanceId, direction: 'push' });
    await world.drain({ feed: false });
    await world.sync.settleRuns();
    const runs = await Promise.all(runIds.map((runId) => world.sync.runProgress(runId)));
    const byModule = Object.fromEntries(runs.map((run) => [run!.module, run!]));
    expect(byModule.accounts).toMatchObject({ status: 'succeeded', expected: 12, done: 12 });
    expect(byModule.accounts!.counts).toMatchObject({ created: 12, waiting: 0, failed: 0 });
    expect(byModule.contacts).toMatchObject({ status: 'succeeded', expected: 24, done: 24 });
    expect(byModule.contacts!.counts).toMatchObject({ created: 24, waiting: 0, failed: 0 });
    expect(await world.sync.reports.list({ instanceId: world.instanceId })).toMatchObject({ entries: [] });
  });
});
