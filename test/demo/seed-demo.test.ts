// The `npm start` demo: an instance on the built-in sandbox and BSS records, synced by the running sync with no
// other step; records already in ConnectWise are linked, not duplicated; the records meant to fail fail for the
// reason the welcome text gives, and the fix it names puts them in step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { seedDemo, type DemoSeedResult } from '../../src/demo/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

describe.each(databaseTargets())('the demo on $name', (target) => {
  let world: SyncWorld;
  let demo: DemoSeedResult | undefined;
  const seed = () =>
    seedDemo({
      store: world.store,
      instances: world.instances,
      lookups: world.lookups,
      sandbox: world.cw.sandbox,
      accounts: 40,
    });

  beforeAll(async () => {
    world = await startSyncWorld(target, { withLookups: false });
    await world.instances.remove(world.instanceId); // a fresh installation: no instance yet
    demo = await seed();
    await world.drain({ timeoutMs: 60_000 });
  });
  afterAll(() => world?.stop());

  const companiesWithIdentifier = async (identifier: string) =>
    (await world.cw.client.company.companies.page({ conditions: where('identifier', '=', identifier) }))
      .items;

  it('makes an instance on the sandbox and the records, and does nothing on a second start', async () => {
    expect(demo).toMatchObject({ instance: { id: 'demo' }, accounts: 40 });
    expect(demo!.contacts).toBeGreaterThan(40);
    expect(await seed()).toBeUndefined();
    expect((await world.instances.list()).map((instance) => instance.id)).toEqual(['demo']);
  });

  it('links the companies already in ConnectWise instead of making them twice', async () => {
    expect(demo!.plan.alreadyInConnectWise.length).toBeGreaterThan(0);
    for (const id of demo!.plan.alreadyInConnectWise) {
      const companies = await companiesWithIdentifier(id);
      expect(companies).toHaveLength(1);
      expect((await world.store.get('accounts', id))?.integrationIds).toEqual({
        demo: String(companies[0]!.id),
      });
    }
  });

  it('pushes its products, orders, invoices, payments and subscriptions; only the ones it says wait or fail', async () => {
    const { commerce } = demo!;
    const [waitingOrders, triennial] = commerce.failures;
    expect(waitingOrders!.recordIds.length).toBeGreaterThan(0);
    expect(triennial!.recordIds.length).toBeGreaterThan(0);
    const linked = async (entity: Parameters<typeof world.store.get>[0], id: string) =>
      (await world.store.get(entity, id))?.integrationIds?.demo;
    const notInStep = new Set([...waitingOrders!.recordIds, ...triennial!.recordIds]);
    const modules = [
      ['products', commerce.products],
      ['orders', commerce.orders],
      ['invoices', commerce.invoices],
      ['payments', commerce.payments],
      ['subscriptions', commerce.subscriptions],
    ] as const;
    for (const [entity, records] of modules) {
      expect(records.length, entity).toBeGreaterThan(0);
      for (const record of records) {
        if (notInStep.has(record.id)) expect(await linked(entity, record.id), record.id).toBeUndefined();
        else expect(await linked(entity, record.id), `${entity} ${record.id}`).toBeDefined();
      }
    }
    const report = await world.sync.reports.list({ instanceId: 'demo', limit: 1000 });
    const entriesOf = (module: string) => report.entries.filter((entry) => entry.module === module);
    expect(entriesOf('orders').map((entry) => [entry.recordId, entry.outcome])).toEqual(
      waitingOrders!.recordIds.map((id) => [id, 'waiting']),
    );
    expect(entriesOf('subscriptions').map((entry) => entry.recordId)).toEqual(triennial!.recordIds);
    expect(entriesOf('subscriptions')[0]?.message).toMatch(/"triennial".*Subscription Units/);
    for (const module of ['products', 'invoices', 'payments']) expect(entriesOf(module)).toEqual([]);

    // a payment by bank transfer carries the type the PaymentMethod lookup gives it
    const wired = commerce.payments.find(
      (payment) => (payment.fields.paymentMethod as { id: string }).id === 'wire',
    )!;
    const invoiceId = await linked('invoices', (wired.fields.invoice as { id: string }).id);
    const payments = (
      await world.cw.client
        .resource<{ id: number; type?: string }>(`finance/invoices/${invoiceId}/payments`)
        .page()
    ).items;
    expect(payments.map((payment) => payment.type)).toEqual(['Wire Transfer']);

    // the fix the welcome text names: map "triennial" to an agreement type, then re-sync
    const annual = (
      await world.cw.client
        .resource<{ id: number }>('finance/agreements/types')
        .page({ conditions: where('name', '=', 'Subscriptions Annual') })
    ).items[0]!;
    await world.lookups.set('demo', {
      lookup: 'SubscriptionUnits',
      internalId: 'triennial',
      integrationId: String(annual.id),
    });
    await world.sync.retryNotInStep('demo');
    await world.drain({ timeoutMs: 60_000 });
    for (const id of triennial!.recordIds) expect(await linked('subscriptions', id), id).toBeDefined();
  });

  it('fails exactly the records it says, for the reason it says, and the named fix puts them in step', async () => {
    const report = await world.sync.reports.list({ instanceId: 'demo', limit: 1000 });
    const failed = report.entries.filter((entry) => entry.outcome === 'failed');
    const [resellers, untyped] = demo!.plan.failures;
    expect(failed.filter((entry) => entry.module === 'accounts').map((entry) => entry.recordId)).toEqual(
      resellers!.recordIds,
    );
    expect(failed.find((entry) => entry.module === 'accounts')?.message).toMatch(/AccountType/);
    expect(
      failed
        .filter((entry) => entry.module === 'contacts')
        .map((entry) => entry.recordId)
        .sort(),
    ).toEqual([...untyped!.recordIds].sort());

    // the fix the welcome text names: map "reseller" to a company type, then re-sync
    const partner = (await world.cw.client.company.companyTypes.page()).items.find(
      (type) => type.name === 'Partner',
    )!;
    await world.lookups.set('demo', {
      lookup: 'AccountType',
      internalId: 'reseller',
      integrationId: String(partner.id),
    });
    await world.sync.retryNotInStep('demo');
    await world.drain({ timeoutMs: 60_000 });
    for (const id of resellers!.recordIds) expect(await companiesWithIdentifier(id)).toHaveLength(1);
    const after = await world.sync.reports.list({ instanceId: 'demo', limit: 1000 });
    expect(after.entries.filter((entry) => entry.module === 'accounts')).toEqual([]);
    // the orders that waited for those accounts followed them
    expect(after.entries.filter((entry) => entry.module === 'orders')).toEqual([]);
    for (const id of demo!.commerce.failures[0]!.recordIds)
      expect((await world.store.get('orders', id))?.integrationIds?.demo, id).toBeDefined();
  });

  // ConnectWise refuses a company without a site (docs/connectwise-tenant-rules.md C1): each one has its own
  it('gives every company in ConnectWise its site, listed under the company', async () => {
    const store = world.cw.sandbox.context.store;
    const companies = store.list('company/companies');
    expect(companies.length).toBeGreaterThanOrEqual(40);
    const sites = store.list('company/companies/{parentId}/sites');
    for (const company of companies) {
      const site = company.site as { id: number; name: string } | undefined;
      expect(site?.name, String(company.identifier)).toBe('Main');
      const row = sites.find((candidate) => candidate.id === site?.id);
      expect((row?.company as { id?: number } | undefined)?.id, String(company.identifier)).toBe(company.id);
    }
  });
});
