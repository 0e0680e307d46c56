// End to end over HTTP: the BSS writes through cwsync's REST API (a listening server, a bearer token), the runner
// pushes, and the sandbox holds what ConnectWise would. Every row of the Account → Company and Contact → Contact
// tables (docs/connectwise-connector.md) is checked on the ConnectWise side; then each field is changed through
// the API and the PATCH on the wire must carry that field alone. On SQLite and PostgreSQL.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../../src/connectwise/index.js';
import { createApiToken } from '../../../src/server/auth/api-tokens.js';
import { buildServer } from '../../../src/server/build-server.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { linkOf, type CompanyRecord, type ContactRecord } from './support/connectwise-side.js';
import { createRecordingDispatcher, type RecordingDispatcher } from './support/recording-dispatcher.js';

const billing = {
  address1: '100 Main Street',
  address2: 'Suite 5',
  city: 'Tampa',
  postCode: '33602',
  stateName: 'Florida',
  countryCode: 'US',
  isBilling: true,
};
const warehouse = { address1: '1 Warehouse Way', city: 'Miami', stateName: 'Florida', countryCode: 'US' };

const account = {
  code: 'ACC-0001',
  name: 'Endtoend Widgets',
  type: { id: 'customer' },
  currency: { id: 'USD' },
  parentAccount: { id: 'E2E-PARENT' },
  addresses: [billing, { ...warehouse, isBilling: false }],
  phone: '+1 813 555 0100',
  fax: '+1 813 555 0101',
  webSite: 'https://widgets.example',
};
const ann = {
  account: { id: 'E2E-1' },
  firstName: 'Ann',
  lastName: 'Archer',
  jobTitle: 'CFO',
  email: 'ann@widgets.example',
  phone: '+1 813 555 0110',
  mobilePhone: '+1 813 555 0111',
  fax: '+1 813 555 0112',
};
const bo = { account: { id: 'E2E-1' }, firstName: 'Bo', lastName: 'Brook', email: 'bo@widgets.example' };

describe.each(databaseTargets())('BSS REST API → engine → ConnectWise over HTTP, on $name', (target) => {
  let world: SyncWorld;
  let wire: RecordingDispatcher;
  let server: FastifyInstance;
  let baseUrl: string;
  let token: string;
  const ids = { company: 0, parent: 0, parent2: 0, ann: 0, bo: 0, us: 0, canada: 0, eur: 0, partnerType: 0 };

  /** One call to cwsync's REST API over the socket; fails the test on anything but 2xx. */
  async function bss(method: 'PUT' | 'PATCH', path: string, body: unknown): Promise<void> {
    const response = await fetch(`${baseUrl}/api/v1/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  }

  /** The writes cwsync sent to ConnectWise while `change` was applied and synced; a PATCH with its fields. */
  async function writesDuring(change: () => Promise<void>) {
    const mark = wire.exchanges.length;
    await change();
    await world.drain();
    return wire.exchanges
      .slice(mark)
      .filter((exchange) => exchange.method !== 'GET')
      .map((exchange) => {
        const call = `${exchange.method} ${exchange.path.replace('/v4_6_release/apis/3.0/', '')}`;
        if (exchange.method !== 'PATCH') return { call };
        const operations = JSON.parse(exchange.body ?? '[]') as Array<{ path: string }>;
        return { call, fields: operations.map((operation) => operation.path).sort() };
      });
  }

  const company = async () =>
    (await world.cw.client.company.companies.get(ids.company)) as unknown as CompanyRecord;
  const contact = async (id: number) =>
    (await world.cw.client.company.contacts.get(id)) as unknown as ContactRecord;
  const itemsOf = (record: ContactRecord) =>
    (record.communicationItems ?? [])
      .map((item) => `${item.communicationType} ${item.type?.name} ${item.value}`)
      .sort();

  beforeAll(async () => {
    wire = createRecordingDispatcher();
    world = await startSyncWorld(target, { clientOptions: { dispatcher: wire.dispatcher } });
    server = await buildServer({ db: world.database.db, store: world.store });
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    token = (await createApiToken(world.database.db, 'e2e')).token;

    const countries = world.cw.client.company.countries;
    ids.us = (await countries.page({ conditions: where('countryCode', '=', 'US') })).items[0]!.id;
    ids.canada = (await countries.page({ conditions: where('countryCode', '=', 'CA') })).items[0]!.id;
    const currencies = (await world.cw.client.finance.currencies.page({ pageSize: 100 })).items;
    ids.eur = currencies.find((currency) => currency.currencyIdentifier === 'EUR')!.id;
    const types = (await world.cw.client.company.companyTypes.page()).items;
    ids.partnerType = types.find((type) => type.name === 'Partner')!.id;
    await bss('PUT', 'currencies/EUR', { name: 'Euro', code: 'EUR' });
    await bss('PUT', 'account-types/partner', { name: 'Partner' });
    await world.lookups.set(world.instanceId, {
      lookup: 'Currency',
      internalId: 'EUR',
      integrationId: String(ids.eur),
    });
    await world.lookups.set(world.instanceId, {
      lookup: 'AccountType',
      internalId: 'partner',
      integrationId: String(ids.partnerType),
    });

    for (const [id, name] of [
      ['E2E-PARENT', 'E2E Holdings'],
      ['E2E-PARENT-2', 'E2E Group'],
    ] as const) {
      await bss('PUT', `accounts/${id}`, { name, type: { id: 'customer' }, addresses: [billing] });
    }
    await bss('PUT', 'accounts/E2E-1', account);
    await bss('PUT', 'contacts/E2E-1-ann', ann);
    await bss('PUT', 'contacts/E2E-1-bo', bo);
    await bss('PATCH', 'accounts/E2E-1', { primaryContact: { id: 'E2E-1-ann' } });
    await world.drain();
    ids.company = (await linkOf(world, 'accounts', 'E2E-1'))!.connectwiseId;
    ids.parent = (await linkOf(world, 'accounts', 'E2E-PARENT'))!.connectwiseId;
    ids.parent2 = (await linkOf(world, 'accounts', 'E2E-PARENT-2'))!.connectwiseId;
    ids.ann = (await linkOf(world, 'contacts', 'E2E-1-ann'))!.connectwiseId;
    ids.bo = (await linkOf(world, 'contacts', 'E2E-1-bo'))!.connectwiseId;
  });
  afterAll(async () => {
    await server?.close();
    await world?.stop();
    await wire?.close();
  });

  it('creates the company with every row of the Account → Company table', async () => {
    expect(await company()).toMatchObject({
      identifier: 'E2E-1', // Id
      name: 'Endtoend Widgets', // Name
      status: { id: 1 }, // ServerVariables.ImportStatus (Import Account Id, default 1)
      site: { id: expect.any(Number), name: 'Main' }, // ServerVariables.CompanySiteName, created by ConnectWise
      types: [{ id: world.ids.customerType }], // Type.IntegrationId
      addressLine1: '100 Main Street', // Address.Address1 (the billing address only)
      addressLine2: 'Suite 5', // Address.Address2
      city: 'Tampa', // Address.City
      state: 'FL', // pre-sync: the state code by the state name
      zip: '33602', // Address.PostCode
      country: { id: ids.us }, // pre-sync: the country id by the country
      phoneNumber: '+1 813 555 0100', // Phone
      faxNumber: '+1 813 555 0101', // Fax
      website: 'https://widgets.example', // WebSite
      defaultContact: { id: ids.ann }, // Contact.IntegrationId (the primary contact)
      parentCompany: { id: ids.parent }, // ParentAccount.IntegrationId
      billToCompany: { id: ids.company }, // IntegrationId (its own bill-to)
      currency: { id: world.ids.usd }, // Currency.IntegrationId
      accountNumber: 'ACC-0001', // Code
    });
    expect((await world.store.get('accounts', 'E2E-1'))?.integrationIds).toEqual({
      sandbox: String(ids.company),
    });
  });

  it('creates the contacts with every row of the Contact → Contact table', async () => {
    const created = await contact(ids.ann);
    expect(created).toMatchObject({
      firstName: 'Ann', // FirstName
      lastName: 'Archer', // LastName
      company: { id: ids.company }, // Account.IntegrationId
      title: 'CFO', // JobTitle
    });
    // Phone, Email, MobilePhone, Fax → communicationItems, one item each
    expect(itemsOf(created)).toEqual(
      [
        'Email Email ann@widgets.example',
        'Fax Fax - Work +1 813 555 0112',
        expect.stringMatching(/^Phone .*(Cell|Mobile).* \+1 813 555 0111$/),
        expect.stringMatching(/^Phone .*Direct.* \+1 813 555 0110$/),
      ].sort(),
    );
    expect(await contact(ids.bo)).toMatchObject({ firstName: 'Bo', company: { id: ids.company } });
  });

  let currentBilling: Record<string, unknown> = { ...billing };
  /** A change of the billing address: the whole list is sent (a merge patch replaces arrays). */
  const billingChange = (change: Record<string, unknown>) => ({ billing: change });
  /** Row of the table, the API change, the ConnectWise fields (and values) the PATCH must carry, nothing else. */
  const accountRows: Array<[string, Record<string, unknown>, () => Record<string, unknown>]> = [
    ['Name', { name: 'Endtoend Widgets Ltd' }, () => ({ name: 'Endtoend Widgets Ltd' })],
    ['Code', { code: 'ACC-0002' }, () => ({ accountNumber: 'ACC-0002' })],
    ['Phone', { phone: '+1 813 555 0200' }, () => ({ phoneNumber: '+1 813 555 0200' })],
    ['Fax', { fax: '+1 813 555 0201' }, () => ({ faxNumber: '+1 813 555 0201' })],
    [
      'WebSite',
      { webSite: 'https://widgets.example/home' },
      () => ({ website: 'https://widgets.example/home' }),
    ],
    [
      'Address.Address1',
      billingChange({ address1: '200 Main Street' }),
      () => ({ addressLine1: '200 Main Street' }),
    ],
    ['Address.Address2', billingChange({ address2: 'Floor 2' }), () => ({ addressLine2: 'Floor 2' })],
    ['Address.City', billingChange({ city: 'Orlando' }), () => ({ city: 'Orlando' })],
    ['Address.PostCode', billingChange({ postCode: '32801' }), () => ({ zip: '32801' })],
    ['state (by its name)', billingChange({ stateName: 'Georgia' }), () => ({ state: 'GA' })],
    [
      'country (and its state)',
      billingChange({ countryCode: 'CA', stateName: 'Ontario' }),
      () => ({ country: { id: ids.canada }, state: 'ON' }),
    ],
    ['Currency', { currency: { id: 'EUR' } }, () => ({ currency: { id: ids.eur } })],
    [
      'ParentAccount',
      { parentAccount: { id: 'E2E-PARENT-2' } },
      () => ({ parentCompany: { id: ids.parent2 } }),
    ],
    [
      'Contact (the primary contact)',
      { primaryContact: { id: 'E2E-1-bo' } },
      () => ({ defaultContact: { id: ids.bo } }),
    ],
  ];

  it.each(accountRows)(
    'a changed %s goes out as one PATCH of that field alone',
    async (_row, change, expected) => {
      if ('billing' in change) currentBilling = { ...currentBilling, ...(change.billing as object) };
      const patch =
        'billing' in change ? { addresses: [currentBilling, { ...warehouse, isBilling: false }] } : change;
      const writes = await writesDuring(() => bss('PATCH', 'accounts/E2E-1', patch));
      const fields = Object.keys(expected()).sort();
      expect(writes).toEqual([{ call: `PATCH company/companies/${ids.company}`, fields }]);
      expect(await company()).toMatchObject(expected());
    },
  );

  it('a change to an address that is not the billing one sends nothing', async () => {
    const writes = await writesDuring(() =>
      bss('PATCH', 'accounts/E2E-1', {
        addresses: [currentBilling, { ...warehouse, city: 'Naples', isBilling: false }],
      }),
    );
    expect(writes).toEqual([]);
  });

  it("a changed Type goes through the company's type associations, not a PATCH", async () => {
    const writes = await writesDuring(() => bss('PATCH', 'accounts/E2E-1', { type: { id: 'partner' } }));
    expect(writes).toEqual([
      { call: `POST company/companies/${ids.company}/typeAssociations` },
      {
        call: expect.stringMatching(
          new RegExp(`^DELETE company/companies/${ids.company}/typeAssociations/\\d+$`),
        ),
      },
    ]);
    expect(((await company()).types as Array<{ id: number }>).map((type) => type.id)).toEqual([
      ids.partnerType,
    ]);
  });

  it.each([
    ['FirstName', { firstName: 'Annie' }, { firstName: 'Annie' }],
    ['LastName', { lastName: 'Archer-Smith' }, { lastName: 'Archer-Smith' }],
    ['JobTitle', { jobTitle: 'Finance Director' }, { title: 'Finance Director' }],
  ])('a changed contact %s goes out as one PATCH of that field alone', async (_row, patch, expected) => {
    const writes = await writesDuring(() => bss('PATCH', 'contacts/E2E-1-ann', patch));
    expect(writes).toEqual([{ call: `PATCH company/contacts/${ids.ann}`, fields: Object.keys(expected) }]);
    expect(await contact(ids.ann)).toMatchObject(expected);
  });

  it.each([
    ['Email', { email: 'annie@widgets.example' }, 'annie@widgets.example'],
    ['Phone', { phone: '+1 813 555 0310' }, '+1 813 555 0310'],
    ['MobilePhone', { mobilePhone: '+1 813 555 0311' }, '+1 813 555 0311'],
    ['Fax', { fax: '+1 813 555 0312' }, '+1 813 555 0312'],
  ])('a changed contact %s edits its communication item in place', async (_row, patch, value) => {
    const before = await contact(ids.ann);
    const writes = await writesDuring(() => bss('PATCH', 'contacts/E2E-1-ann', patch));
    expect(writes).toEqual([{ call: `PATCH company/contacts/${ids.ann}`, fields: ['communicationItems'] }]);
    const after = await contact(ids.ann);
    const idsOf = (record: ContactRecord) =>
      (record.communicationItems as Array<{ id: number }>).map((item) => item.id).sort();
    expect(idsOf(after)).toEqual(idsOf(before));
    const changed = itemsOf(after).filter((item) => !itemsOf(before).includes(item));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.endsWith(` ${value}`)).toBe(true);
  });

  it('a contact moved to another account goes out as one PATCH of its company', async () => {
    const writes = await writesDuring(() =>
      bss('PATCH', 'contacts/E2E-1-ann', { account: { id: 'E2E-PARENT' } }),
    );
    expect(writes).toEqual([{ call: `PATCH company/contacts/${ids.ann}`, fields: ['company'] }]);
    expect(await contact(ids.ann)).toMatchObject({ company: { id: ids.parent } });
  });
});
