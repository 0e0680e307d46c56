// Scenario: records a person must look at. Companies that already exist in ConnectWise are linked, not duplicated
// (or, when several could be meant, listed for a person); records ConnectWise or the mapping cannot take get one
// clear report entry naming the field and what to do, and are in step once that is done. API 2022.1, over real
// HTTP against the sandbox, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../../src/connectwise/index.js';
import type { ReportEntry } from '../../../src/report/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { companiesIdentifiedAs, contactsOfCompany, linkOf } from './support/connectwise-side.js';
import { upsertAccount, upsertContact, tampaBilling } from '../../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('data problems on $name (API 2022.1)', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2022.1' });
  });
  afterAll(() => world?.stop());

  const entryOf = async (module: string, recordId: string): Promise<ReportEntry | undefined> =>
    (await world.sync.reports.list({ instanceId: world.instanceId, module })).entries.find(
      (entry) => entry.recordId === recordId,
    );
  const createCompany = async (identifier: string, name: string) =>
    (await world.cw.client.company.companies.create({
      identifier,
      name,
      city: 'Tampa',
      site: { name: 'Main' },
    })) as { id: number };
  const setAdoptNameMatches = async (value: 'true' | 'false') => {
    const current = await world.instances.get(world.instanceId);
    await world.instances.update(world.instanceId, {
      serverVariables: { ...current!.serverVariables, adoptNameMatches: value },
    });
    await world.sync.runtimes.invalidate(world.instanceId);
  };
  const companiesNamed = async (name: string) =>
    (await world.cw.client.company.companies.page({ conditions: where('name', '=', name) })).items;

  it('links a company that exists with the same identifier, and one with the same unique name; the run counts them linked', async () => {
    // This instance adopts name matches (server variable Adopt name matches); the default, a review by a person, is
    // name-match-review.test.ts.
    await setAdoptNameMatches('true');
    const sameIdentifier = await createCompany('DP-1', 'Initech (entered in ConnectWise)');
    const sameName = await createCompany('GLOBEX-CW', 'Globex Corporation');
    await upsertAccount(world.store, 'DP-1', { name: 'Initech' });
    await upsertAccount(world.store, 'DP-2', { name: 'Globex Corporation' });
    const [runId] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'push',
    });
    await world.drain({ feed: false });
    await world.sync.settleRuns();
    expect(await world.sync.runProgress(runId!)).toMatchObject({
      status: 'succeeded',
      expected: 2,
      counts: { linked: 2, created: 0, failed: 0 },
    });

    expect(await linkOf(world, 'accounts', 'DP-1')).toMatchObject({ connectwiseId: sameIdentifier.id });
    expect(await linkOf(world, 'accounts', 'DP-2')).toMatchObject({ connectwiseId: sameName.id });
    // linked, then brought in step with the BSS (the connector's policy is bss-wins): no second company
    expect(await companiesIdentifiedAs(world, 'DP-1')).toMatchObject([
      { id: sameIdentifier.id, name: 'Initech', billToCompany: { id: sameIdentifier.id } },
    ]);
    expect((await companiesNamed('Globex Corporation')).map((company) => company.id)).toEqual([sameName.id]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    await world.drain();
    expect(await companiesNamed('Globex Corporation')).toHaveLength(1);
    await setAdoptNameMatches('false');
  });

  it('two companies with the same name: nothing is created, the report lists both for a person to choose', async () => {
    const first = await createCompany('UMB-A', 'Umbrella Corp');
    const second = await createCompany('UMB-B', 'Umbrella Corp');
    // Both were there before this sync started: its index of ConnectWise's companies is read afresh.
    await world.sync.runtimes.invalidate(world.instanceId);
    await upsertAccount(world.store, 'DP-3', { name: 'Umbrella Corp' });
    await world.drain();
    expect(await entryOf('accounts', 'DP-3')).toMatchObject({
      outcome: 'ambiguous',
      action: 'link',
      candidates: [first.id, second.id],
      message: expect.stringMatching(
        /2 records match \(same name, when exactly one company has it\); link one by hand/,
      ),
    });
    expect(await companiesIdentifiedAs(world, 'DP-3')).toEqual([]);
    expect(await companiesNamed('Umbrella Corp')).toHaveLength(2);
    expect(await linkOf(world, 'accounts', 'DP-3')).toBeUndefined();
  });

  it('a contact whose account has no type: the documented warning in the report, in step once the account has one', async () => {
    await world.store.upsert('accounts', 'DP-4', { name: 'Typeless Trading', addresses: tampaBilling }, api);
    await upsertContact(world.store, 'DP-4-cy', 'DP-4', {
      firstName: 'Cy',
      lastName: 'Typeless',
      email: 'cy@typeless.example',
    });
    await world.drain();
    expect(await entryOf('contacts', 'DP-4-cy')).toMatchObject({
      outcome: 'failed',
      direction: 'push',
      message:
        "the contact's account has no type; fill Account > Demographics > Type before pushing its contacts",
    });
    const [company] = await companiesIdentifiedAs(world, 'DP-4');
    expect(await contactsOfCompany(world, company!.id)).toEqual([]);

    await world.store.update('accounts', 'DP-4', { type: { id: 'customer' } }, api);
    await world.drain();
    expect(await world.sync.retryNotInStep(world.instanceId)).toBeGreaterThanOrEqual(1);
    await world.drain();
    expect(await entryOf('contacts', 'DP-4-cy')).toBeUndefined();
    const contacts = await contactsOfCompany(world, company!.id);
    expect(contacts.map((contact) => contact.firstName)).toEqual(['Cy']);
    expect(await linkOf(world, 'contacts', 'DP-4-cy')).toMatchObject({ connectwiseId: contacts[0]!.id });
    const types = (await companiesIdentifiedAs(world, 'DP-4'))[0]!.types as Array<{ id: number }>;
    expect(types.map((type) => type.id)).toEqual([world.ids.customerType]);
  });

  it('an account whose type is not mapped: one entry naming the type and the lookup; its contact waits for it', async () => {
    await world.store.upsert('account-types', 'distributor', { name: 'Distributor' }, api);
    await upsertAccount(world.store, 'DP-5', { name: 'Unmapped Type Co', type: { id: 'distributor' } });
    await upsertContact(world.store, 'DP-5-di', 'DP-5', { firstName: 'Di', email: 'di@unmapped.example' });
    await world.drain();
    expect(await entryOf('accounts', 'DP-5')).toMatchObject({
      outcome: 'failed',
      field: 'accountType',
      message:
        'account type "distributor" has no ConnectWise company type; map it in the AccountType synchronization lookup',
    });
    expect(await entryOf('contacts', 'DP-5-di')).toMatchObject({
      outcome: 'waiting',
      message: 'waiting for accounts DP-5',
    });
    expect(await companiesIdentifiedAs(world, 'DP-5')).toEqual([]);

    await world.lookups.set(world.instanceId, {
      lookup: 'AccountType',
      internalId: 'distributor',
      integrationId: String(world.ids.customerType),
    });
    await world.sync.retryNotInStep(world.instanceId);
    await world.drain();
    const [company] = await companiesIdentifiedAs(world, 'DP-5');
    expect((await contactsOfCompany(world, company!.id)).map((contact) => contact.firstName)).toEqual(['Di']);
    expect(await entryOf('accounts', 'DP-5')).toBeUndefined();
    expect(await entryOf('contacts', 'DP-5-di')).toBeUndefined();
  });

  it('an account whose currency is not mapped: a clear entry naming the currency and the lookup, never pushed without it', async () => {
    await world.store.upsert('currencies', 'EUR', { name: 'Euro', code: 'EUR', symbol: '€' }, api);
    await upsertAccount(world.store, 'DP-6', { name: 'Euro Billing GmbH', currency: { id: 'EUR' } });
    await world.drain();
    expect(await entryOf('accounts', 'DP-6')).toMatchObject({
      outcome: 'failed',
      field: 'currency',
      message: 'currency "EUR" has no ConnectWise currency; map it in the Currency synchronization lookup',
    });
    expect(await companiesIdentifiedAs(world, 'DP-6')).toEqual([]);

    const currencies = (await world.cw.client.finance.currencies.page({ pageSize: 100 })).items;
    const eur = currencies.find((currency) => currency.currencyIdentifier === 'EUR')!;
    await world.lookups.set(world.instanceId, {
      lookup: 'Currency',
      internalId: 'EUR',
      integrationId: String(eur.id),
    });
    await world.sync.retryNotInStep(world.instanceId);
    await world.drain();
    expect(await entryOf('accounts', 'DP-6')).toBeUndefined();
    expect((await companiesIdentifiedAs(world, 'DP-6'))[0]).toMatchObject({ currency: { id: eur.id } });
  });

  it("a name too long for API 2022.1: the entry carries ConnectWise's own error on name; a shorter name goes through", async () => {
    const longName = 'The Extraordinarily Long-Named Holding Company of Tampa Bay'; // 59 characters; 2022.1 takes 50
    await upsertAccount(world.store, 'DP-7', { name: longName });
    await world.drain();
    const entry = await entryOf('accounts', 'DP-7');
    expect(entry).toMatchObject({
      outcome: 'failed',
      action: 'create',
      field: 'name',
      connectwise: { status: 400 },
    });
    expect(entry!.connectwise!.errors).toEqual([
      expect.objectContaining({ field: 'name', message: expect.stringMatching(/50/) }),
    ]);
    expect(entry!.message).toMatch(/name/);

    await world.store.update('accounts', 'DP-7', { name: 'Long-Named Holding Co of Tampa Bay' }, api);
    await world.drain();
    expect(await entryOf('accounts', 'DP-7')).toBeUndefined();
    expect((await companiesIdentifiedAs(world, 'DP-7'))[0]).toMatchObject({
      name: 'Long-Named Holding Co of Tampa Bay',
    });
  });

  it('a state and a country ConnectWise does not know: entries naming state and country and the name given', async () => {
    await world.store.upsert(
      'accounts',
      'DP-8',
      {
        name: 'Narnia Imports',
        type: { id: 'customer' },
        addresses: [{ city: 'Cair Paravel', stateName: 'Narnia', countryCode: 'US', isBilling: true }],
      },
      api,
    );
    await world.store.upsert(
      'accounts',
      'DP-9',
      {
        name: 'Atlantis Exports',
        type: { id: 'customer' },
        addresses: [{ city: 'Poseidonis', countryName: 'Atlantis', isBilling: true }],
      },
      api,
    );
    await world.drain();
    expect(await entryOf('accounts', 'DP-8')).toMatchObject({
      outcome: 'failed',
      field: 'state',
      message: expect.stringMatching(/ConnectWise has no state named "Narnia" in United States/),
    });
    expect(await entryOf('accounts', 'DP-9')).toMatchObject({
      outcome: 'failed',
      field: 'country',
      message: expect.stringMatching(/ConnectWise has no country with name "Atlantis"/),
    });
    expect(await companiesIdentifiedAs(world, 'DP-8')).toEqual([]);
    expect(await companiesIdentifiedAs(world, 'DP-9')).toEqual([]);

    await world.store.update(
      'accounts',
      'DP-8',
      { addresses: [{ city: 'Tampa', stateName: 'Florida', countryCode: 'US', isBilling: true }] },
      api,
    );
    await world.drain();
    expect(await entryOf('accounts', 'DP-8')).toBeUndefined();
    expect((await companiesIdentifiedAs(world, 'DP-8'))[0]).toMatchObject({
      state: 'FL',
      country: { id: expect.any(Number) },
    });
  });
});
