// Tenant rule C9 has two answers (docs/connectwise-tenant-rules.md): a new company is its own bill-to (the
// sandbox's default, as recorded bodies show), or it is left without one. The runner must end in step under both:
// where the tenant leaves it empty, cwsync writes the bill-to itself — in the PATCH that sets the default contact
// when the account waits for its primary contact anyway (one company PATCH, as on a self-billing tenant), alone
// when there is no primary contact to wait for or it does not arrive (its push fails), so the bill-to is never lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../../src/connectwise/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { upsertAccount, upsertContact } from '../../support/sync-records.js';

const api = { origin: 'api' as const };
const billingAddress = [
  {
    address1: '1 Main Street',
    city: 'Tampa',
    postCode: '33602',
    stateName: 'Florida',
    countryCode: 'US',
    isBilling: true,
  },
];

describe.each(databaseTargets())('a new company without a bill-to from the tenant, on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target, { sandbox: { tenantRules: { newCompanyBillTo: 'none' } } });
  });
  afterAll(() => world?.stop());

  const companyOf = async (accountId: string) => {
    const found = await world.cw.client.company.companies.page({
      conditions: where('identifier', '=', accountId),
    });
    return found.items[0] as unknown as Record<string, unknown> & { id: number };
  };
  const companyPatches = async () =>
    (await world.calls()).endpoints
      .filter((endpoint) => endpoint.method === 'PATCH' && endpoint.route.includes('/company/companies/'))
      .reduce((total, endpoint) => total + endpoint.total, 0);

  it('sets the bill-to with the default contact, in one PATCH', async () => {
    const before = await companyPatches();
    await upsertAccount(world.store, 'BT-1', {
      name: 'Bill-to One',
      currency: { id: 'USD' },
      addresses: billingAddress,
    });
    await upsertContact(world.store, 'BT-1-ann', 'BT-1', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@bt1.example',
    });
    await world.store.update('accounts', 'BT-1', { primaryContact: { id: 'BT-1-ann' } }, api);
    await world.drain();

    const company = await companyOf('BT-1');
    expect(company.billToCompany).toMatchObject({ id: company.id });
    const contacts = (
      await world.cw.client.company.contacts.page({ conditions: where('company/id', '=', company.id) })
    ).items;
    expect(contacts).toHaveLength(1);
    expect(company.defaultContact).toMatchObject({ id: contacts[0]!.id });
    expect((await companyPatches()) - before).toBe(1);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('writes the bill-to by itself for an account without a primary contact', async () => {
    const before = await companyPatches();
    await upsertAccount(world.store, 'BT-2', {
      name: 'Bill-to Two',
      currency: { id: 'USD' },
      addresses: billingAddress,
    });
    await world.drain();

    const company = await companyOf('BT-2');
    expect(company.billToCompany).toMatchObject({ id: company.id });
    expect((await companyPatches()) - before).toBe(1);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('writes the bill-to when the primary contact does not arrive, and the default contact once it does', async () => {
    const before = await companyPatches();
    // An account without a type: its contacts fail before any call (the contacts module's precondition).
    await world.store.upsert(
      'accounts',
      'BT-3',
      { name: 'Bill-to Three', currency: { id: 'USD' }, addresses: billingAddress },
      api,
    );
    await world.store.upsert(
      'contacts',
      'BT-3-ann',
      { account: { id: 'BT-3' }, firstName: 'Ann', lastName: 'Lee', email: 'ann@bt3.example' },
      api,
    );
    await world.store.update('accounts', 'BT-3', { primaryContact: { id: 'BT-3-ann' } }, api);
    await world.drain();

    const company = await companyOf('BT-3');
    expect(company.billToCompany).toMatchObject({ id: company.id });
    expect(company.defaultContact).toBeUndefined();
    expect((await companyPatches()) - before).toBe(1);
    const failing = (await world.sync.reports.list({ instanceId: world.instanceId })).entries;
    expect(failing.map((entry) => [entry.module, entry.recordId])).toEqual([['contacts', 'BT-3-ann']]);

    // Fixed: the contact gets in, and the account that still waits for it sets its default contact.
    await world.store.update('accounts', 'BT-3', { type: { id: 'customer' } }, api);
    await world.store.update('contacts', 'BT-3-ann', { lastName: 'Lee-Smith' }, api);
    await world.drain();
    const contacts = (
      await world.cw.client.company.contacts.page({ conditions: where('company/id', '=', company.id) })
    ).items;
    expect(contacts).toHaveLength(1);
    expect((await companyOf('BT-3')).defaultContact).toMatchObject({ id: contacts[0]!.id });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
});
