// Subscriptions → ConnectWise agreement additions (the S9 design: one agreement type per billing cycle), end to
// end over HTTP on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { upsertAccount, upsertContact } from '../support/sync-records.js';

const api = { origin: 'api' as const };
type Row = Record<string, unknown> & { id: number };
const billingAddress = [{ address1: '1 Main Street', city: 'Tampa', countryCode: 'US', isBilling: true }];

const linkOf = async (world: SyncWorld, subscriptionId: string) =>
  (await world.sync.runtimes.get(world.instanceId)).links.find(
    world.instanceId,
    'subscriptions',
    subscriptionId,
  );

/** Billing cycles, their Subscription Units lookup rows, and accounts with a primary contact, and products. */
async function seedBss(world: SyncWorld, accounts: string[]): Promise<{ monthly: number; annual: number }> {
  const types = world.cw.client.resource<Row>('finance/agreements/types');
  const typeId = async (name: string) =>
    (await types.page({ conditions: where('name', '=', name) })).items[0]!.id;
  const ids = {
    monthly: await typeId('Subscriptions Monthly'),
    annual: await typeId('Subscriptions Annual'),
  };
  await world.store.upsert('billing-cycles', 'monthly', { name: 'Monthly', code: 'monthly', months: 1 }, api);
  await world.store.upsert('billing-cycles', 'annual', { name: 'Annual', code: 'annual', months: 12 }, api);
  await world.store.upsert('billing-cycles', 'weekly', { name: 'Weekly', code: 'weekly' }, api);
  await world.lookups.set(world.instanceId, {
    lookup: 'SubscriptionUnits',
    internalId: 'monthly',
    integrationId: String(ids.monthly),
  });
  await world.lookups.set(world.instanceId, {
    lookup: 'SubscriptionUnits',
    internalId: 'annual',
    integrationId: String(ids.annual),
  });
  for (const account of accounts) {
    await upsertAccount(world.store, account, { name: `${account} Ltd`, addresses: billingAddress });
    await upsertContact(world.store, `${account}-ann`, account, { firstName: 'Ann', lastName: account });
    await world.store.update('accounts', account, { primaryContact: { id: `${account}-ann` } }, api);
  }
  await world.store.upsert('products', 'M365', { code: 'M365-BP', name: 'Microsoft 365 Business' }, api);
  await world.store.upsert('products', 'BACKUP', { code: 'BACKUP-50', name: 'Backup 50 GB' }, api);
  return ids;
}

describe.each(databaseTargets())('subscriptions as agreement additions on $name', (target) => {
  let world: SyncWorld;
  let agreementTypes: { monthly: number; annual: number };
  const companyOf = async (accountId: string) =>
    (await world.cw.client.company.companies.page({ conditions: where('identifier', '=', accountId) }))
      .items[0] as unknown as Row;
  const catalogIdOf = async (identifier: string) =>
    (
      await world.cw.client
        .resource<Row>('procurement/catalog')
        .page({ conditions: where('identifier', '=', identifier) })
    ).items[0]!.id;
  const agreementsOf = async (companyId: number) =>
    (
      await world.cw.client
        .resource<Row>('finance/agreements')
        .page({ conditions: where('company/id', '=', companyId), orderBy: 'id asc' })
    ).items;
  const additionOf = async (subscriptionId: string) => {
    const link = await linkOf(world, subscriptionId);
    expect(link, `subscription ${subscriptionId} is linked`).toBeDefined();
    const agreementId = link!.pushedBody.agreementId as number;
    return world.cw.client
      .resource<Row>(`finance/agreements/${agreementId}/additions`)
      .get(link!.connectwiseId);
  };
  const customValue = (addition: Row, caption: string) =>
    (addition.customFields as Array<{ caption: string; value: unknown }>).find(
      (field) => field.caption === caption,
    )?.value;
  const reportOf = async (recordId: string) =>
    (await world.sync.reports.list({ instanceId: world.instanceId })).entries.filter(
      (entry) => entry.recordId === recordId,
    );

  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2025.8' });
    agreementTypes = await seedBss(world, ['ACME', 'GLOBEX', 'INITECH']);
    await world.drain();
  });
  afterAll(() => world?.stop());

  it("creates the account's agreement of the billing cycle's type, and in it the addition with every mapped field", async () => {
    await world.store.upsert(
      'subscriptions',
      'S-1',
      {
        name: 'Acme M365 seats',
        account: { id: 'ACME' },
        product: { id: 'M365' },
        quantity: 5,
        billingCycle: { id: 'monthly' },
        price: '20.50',
        startDate: '2026-02-01',
      },
      api,
    );
    await world.drain();
    const company = await companyOf('ACME');
    const agreements = await agreementsOf(company.id);
    expect(agreements).toHaveLength(1);
    expect(agreements[0]).toMatchObject({
      type: { id: agreementTypes.monthly },
      company: { id: company.id },
      contact: { id: (company.defaultContact as Row).id },
      name: 'ACME Ltd subscriptions (monthly)',
    });
    const addition = await additionOf('S-1');
    expect(addition).toMatchObject({
      agreementId: agreements[0]!.id,
      product: { id: await catalogIdOf('M365-BP') },
      quantity: 5,
      unitPrice: 20.5,
      billCustomer: 'Billable',
      effectiveDate: '2026-02-01T00:00:00Z',
    });
    expect(addition.cancelledDate ?? null).toBeNull();
    expect(customValue(addition, 'Subscription Name')).toBe('Acme M365 seats');
    expect(customValue(addition, 'Subscription ID')).toBe('S-1');
    const subscription = await world.store.get('subscriptions', 'S-1');
    expect(subscription?.integrationIds).toMatchObject({ sandbox: String(addition.id) });
    expect(await reportOf('S-1')).toEqual([]);
  });

  it('two subscriptions of the same account and cycle share one agreement; another cycle has its own', async () => {
    const base = { account: { id: 'GLOBEX' }, quantity: 1, startDate: '2026-03-01' };
    // Pushed together, by concurrent jobs: the agreement is still made once.
    await world.store.upsert(
      'subscriptions',
      'S-2',
      { ...base, product: { id: 'M365' }, billingCycle: { id: 'monthly' } },
      api,
    );
    await world.store.upsert(
      'subscriptions',
      'S-3',
      { ...base, product: { id: 'BACKUP' }, billingCycle: { id: 'monthly' } },
      api,
    );
    await world.store.upsert(
      'subscriptions',
      'S-4',
      { ...base, product: { id: 'BACKUP' }, billingCycle: { id: 'annual' } },
      api,
    );
    await world.drain();
    const agreements = await agreementsOf((await companyOf('GLOBEX')).id);
    expect(agreements.map((agreement) => (agreement.type as Row).id).sort()).toEqual(
      [agreementTypes.monthly, agreementTypes.annual].sort(),
    );
    const monthly = agreements.find((agreement) => (agreement.type as Row).id === agreementTypes.monthly)!;
    const annual = agreements.find((agreement) => (agreement.type as Row).id === agreementTypes.annual)!;
    expect((await additionOf('S-2')).agreementId).toBe(monthly.id);
    expect((await additionOf('S-3')).agreementId).toBe(monthly.id);
    expect((await additionOf('S-4')).agreementId).toBe(annual.id);
    const inMonthly = await world.cw.client
      .resource<Row>(`finance/agreements/${monthly.id}/additions`)
      .page();
    expect(inMonthly.items).toHaveLength(2);
    // An addition without a subscription name still carries its id.
    const s2 = await additionOf('S-2');
    expect(customValue(s2, 'Subscription Name') ?? null).toBeNull();
    expect(customValue(s2, 'Subscription ID')).toBe('S-2');

    // A later subscription of the account goes into the agreement found before, without reading them again.
    const agreementReads = async () =>
      (await world.calls()).endpoints
        .filter((endpoint) => endpoint.method === 'GET' && endpoint.route.endsWith('/finance/agreements'))
        .reduce((sum, endpoint) => sum + endpoint.total, 0);
    const readsBefore = await agreementReads();
    await world.store.upsert(
      'subscriptions',
      'S-5',
      { ...base, quantity: 2, product: { id: 'M365' }, billingCycle: { id: 'monthly' } },
      api,
    );
    await world.drain();
    expect(await agreementReads()).toBe(readsBefore);
    expect((await additionOf('S-5')).agreementId).toBe(monthly.id);
  });

  it('an unchanged subscription costs no call; a changed quantity and name are one PATCH of the addition', async () => {
    await world.drain();
    const before = (await world.calls()).total;
    await world.store.update('subscriptions', 'S-1', { quantity: 5 }, api);
    await world.drain();
    expect((await world.calls()).total - before).toBe(0);

    await world.store.update('subscriptions', 'S-1', { quantity: 8, name: 'Acme M365 seats (grown)' }, api);
    await world.drain();
    const after = await world.calls();
    expect(after.total - before).toBe(1);
    expect(
      after.endpoints.find((endpoint) => endpoint.method === 'PATCH' && endpoint.route.includes('additions'))
        ?.total,
    ).toBe(1);
    const addition = await additionOf('S-1');
    expect(addition).toMatchObject({ quantity: 8, unitPrice: 20.5 });
    expect(customValue(addition, 'Subscription Name')).toBe('Acme M365 seats (grown)');
    expect(customValue(addition, 'Subscription ID')).toBe('S-1');
  });

  it('a cancelled subscription ends its addition: on its end date, else on the day it was cancelled', async () => {
    await world.store.update('subscriptions', 'S-2', { status: 'cancelled', endDate: '2026-06-30' }, api);
    const cancelled = await world.store.update('subscriptions', 'S-3', { status: 'cancelled' }, api);
    await world.drain();
    expect((await additionOf('S-2')).cancelledDate).toBe('2026-06-30T00:00:00Z');
    const day = String(cancelled.updatedAt).slice(0, 10);
    expect((await additionOf('S-3')).cancelledDate).toBe(`${day}T00:00:00Z`);
    // Later edits keep the day it ended.
    const before = (await world.calls()).total;
    await world.store.update('subscriptions', 'S-3', { quantity: 1 }, api);
    await world.drain();
    expect((await world.calls()).total - before).toBe(0);
  });

  it('a subscription whose product is not in ConnectWise yet waits, and is pushed once the product is', async () => {
    await world.store.upsert('products', 'VOIP', { code: 'VOIP-SEAT', name: 'VoIP seat' }, api);
    await world.store.upsert(
      'subscriptions',
      'S-5',
      {
        account: { id: 'INITECH' },
        product: { id: 'VOIP' },
        quantity: 3,
        billingCycle: { id: 'monthly' },
        startDate: '2026-04-01',
      },
      api,
    );
    // the subscription's job alone: its product is queued by the wait, not by the feed
    await world.queue.enqueue({
      kind: 'push',
      instanceId: world.instanceId,
      module: 'subscriptions',
      recordId: 'S-5',
    });
    await world.drain({ feed: false });
    const addition = await additionOf('S-5');
    expect(addition).toMatchObject({ product: { id: await catalogIdOf('VOIP-SEAT') }, quantity: 3 });
    expect(await reportOf('S-5')).toEqual([]);
    await world.drain();
  });

  it('an unmapped billing cycle is one report entry naming the Subscription Units lookup', async () => {
    await world.store.upsert(
      'subscriptions',
      'S-6',
      {
        account: { id: 'INITECH' },
        product: { id: 'M365' },
        quantity: 1,
        billingCycle: { id: 'weekly' },
        startDate: '2026-04-01',
      },
      api,
    );
    await world.drain();
    const entries = await reportOf('S-6');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ module: 'subscriptions', outcome: 'failed', field: 'agreementType' });
    expect(entries[0]!.message).toContain('billing cycle "weekly"');
    expect(entries[0]!.message).toContain('Subscription Units synchronization lookup');
    expect(await linkOf(world, 'S-6')).toBeUndefined();
  });
});

describe.each(databaseTargets())(
  'subscriptions on a tenant without the custom fields, on $name',
  (target) => {
    let world: SyncWorld;
    beforeAll(async () => {
      world = await startSyncWorld(target);
      const definitions = world.cw.client.resource<Row>('system/userDefinedFields');
      for (const definition of (await definitions.page({ pageSize: 100 })).items) {
        await definitions.delete(definition.id);
      }
      await seedBss(world, ['HOOLI']);
    });
    afterAll(() => world?.stop());

    it('pushes the addition without them, and it is not an error', async () => {
      await world.store.upsert(
        'subscriptions',
        'S-1',
        {
          name: 'Hooli backup',
          account: { id: 'HOOLI' },
          product: { id: 'BACKUP' },
          quantity: 2,
          billingCycle: { id: 'annual' },
          startDate: '2026-01-01',
        },
        api,
      );
      await world.drain();
      expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
      const link = await linkOf(world, 'S-1');
      const addition = await world.cw.client
        .resource<Row>(`finance/agreements/${link!.pushedBody.agreementId as number}/additions`)
        .get(link!.connectwiseId);
      expect(addition).toMatchObject({ quantity: 2, customFields: [] });
      expect(link!.pushedBody.customFields).toBeUndefined();
    });
  },
);
