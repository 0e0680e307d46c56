// The pull end to end: companies and contacts made in the ConnectWise sandbox → poll jobs → engine → the BSS,
// every row of the reverse mapping, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { pollCursorName } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('the pull of companies and contacts on $name', (target) => {
  let world: SyncWorld;
  const cw = { us: 0, eur: 0, partner: 0, parent: 0, child: 0, contact: 0 };

  beforeAll(async () => {
    world = await startSyncWorld(target);
    const client = world.cw.client;
    const [us] = (await client.company.countries.page({ conditions: where('countryCode', '=', 'US') })).items;
    const currencies = (await client.finance.currencies.page({ pageSize: 100 })).items;
    const types = (await client.company.companyTypes.page()).items;
    cw.us = us!.id;
    cw.eur = currencies.find((currency) => currency.currencyIdentifier === 'EUR')!.id;
    cw.partner = types.find((type) => type.name === 'Partner')!.id;
    // EUR is not in the instance's Currency lookup: the pull finds the BSS currency by its ISO code.
    await world.store.upsert('currencies', 'EUR', { name: 'Euro', code: 'EUR', symbol: '€' }, api);
    await world.store.upsert('account-types', 'partner', { name: 'Partner' }, api);
    await world.lookups.set(world.instanceId, {
      lookup: 'AccountType',
      internalId: 'partner',
      integrationId: String(cw.partner),
    });

    const parent = await client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'PULL-PARENT',
      name: 'Pulled Parent Inc',
      accountNumber: 'A-900',
      addressLine1: '1 Bay Street',
      addressLine2: 'Suite 4',
      city: 'Tampa',
      state: 'FL',
      zip: '33602',
      country: { id: cw.us },
      phoneNumber: '+1 813 555 0100',
      faxNumber: '+1 813 555 0101',
      website: 'https://parent.example',
      types: [{ id: world.ids.customerType }, { id: cw.partner }],
    });
    const child = await client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'PULL-CHILD',
      name: 'Pulled Child GmbH',
      city: 'Orlando',
      state: 'Florida',
      country: { id: cw.us },
      types: [{ id: cw.partner }, { id: world.ids.customerType }],
      parentCompany: { id: parent.id },
    });
    const contact = await client.company.contacts.create({
      firstName: 'Pia',
      lastName: 'Lund',
      title: 'CFO',
      company: { id: parent.id },
      communicationItems: [
        { type: { id: 1 }, value: 'pia@parent.example', communicationType: 'Email', defaultFlag: true },
        { type: { id: 2 }, value: '+1 813 555 0110', communicationType: 'Phone', defaultFlag: true },
        { type: { id: 4 }, value: '+1 813 555 0111', communicationType: 'Phone' },
        { type: { id: 3 }, value: '+1 813 555 0112', communicationType: 'Fax', defaultFlag: true },
      ],
    });
    Object.assign(cw, { parent: parent.id, child: child.id, contact: contact.id });
  });
  afterAll(() => world?.stop());

  it('a first pull run reads everything and creates the accounts, then the contact, counted in their runs', async () => {
    // one module after the other: a contact that waits for its company would otherwise be counted in the
    // accounts run that woke it
    const [accountsRun] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'pull',
    });
    await world.drain({ feed: false });
    const [contactsRun] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'contacts',
      direction: 'pull',
    });
    await world.drain({ feed: false });
    await world.sync.settleRuns();
    const accounts = await world.sync.runProgress(accountsRun!);
    expect(accounts).toMatchObject({ status: 'succeeded', expected: 2, done: 2 });
    expect(accounts!.counts.created).toBe(2);
    const contacts = await world.sync.runProgress(contactsRun!);
    expect(contacts).toMatchObject({ status: 'succeeded', expected: 1, done: 1 });
    expect(contacts!.counts.created).toBe(1);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    const cursor = await world.sync.state.getCursor(world.instanceId, pollCursorName('accounts'));
    expect(JSON.parse(cursor!)).toEqual({ watermark: expect.any(String), since: null });
  });

  it('maps a company back: name, identifier → id, code, the address as the billing address, phones, website', async () => {
    const account = await world.store.get('accounts', 'PULL-PARENT');
    expect(account).toMatchObject({
      id: 'PULL-PARENT',
      name: 'Pulled Parent Inc',
      code: 'A-900',
      phone: '+1 813 555 0100',
      fax: '+1 813 555 0101',
      webSite: 'https://parent.example',
      addresses: [
        {
          isBilling: true,
          address1: '1 Bay Street',
          address2: 'Suite 4',
          city: 'Tampa',
          postCode: '33602',
          stateCode: 'FL',
          stateName: 'Florida',
          countryCode: 'US',
          countryName: 'United States',
        },
      ],
      integrationIds: { sandbox: String(cw.parent) },
    });
  });

  it('takes the first type through the lookups and the parent company through its link', async () => {
    const parent = await world.store.get('accounts', 'PULL-PARENT');
    expect(parent).toMatchObject({ type: { id: 'customer' } });
    const child = await world.store.get('accounts', 'PULL-CHILD');
    expect(child).toMatchObject({
      name: 'Pulled Child GmbH',
      type: { id: 'partner' },
      parentAccount: { id: 'PULL-PARENT' },
      // the state given by name gets its code; the country its ISO code and name
      addresses: [
        { isBilling: true, city: 'Orlando', stateCode: 'FL', stateName: 'Florida', countryCode: 'US' },
      ],
    });
  });

  it('maps a contact back: names, title, its account by link, e-mail, phone, mobile and fax', async () => {
    const contact = await world.store.get('contacts', `CW-CONTACT-${cw.contact}`);
    expect(contact).toMatchObject({
      firstName: 'Pia',
      lastName: 'Lund',
      jobTitle: 'CFO',
      account: { id: 'PULL-PARENT' },
      email: 'pia@parent.example',
      phone: '+1 813 555 0110',
      mobilePhone: '+1 813 555 0111',
      fax: '+1 813 555 0112',
      integrationIds: { sandbox: String(cw.contact) },
    });
  });

  it('does not push what it pulled: no ConnectWise write with the change feed on', async () => {
    await fetch(`${world.cw.sandbox.url}/__sandbox/calls/reset`, { method: 'POST' });
    await world.drain();
    const writes = (await world.calls()).endpoints.filter((endpoint) => endpoint.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('an unchanged ConnectWise writes nothing on the next poll, and a changed company one update', async () => {
    const before = await world.store.get('accounts', 'PULL-PARENT');
    const [unchangedRun] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'pull',
    });
    await world.drain({ feed: false });
    expect((await world.sync.runProgress(unchangedRun!))?.counts).toMatchObject({ unchanged: 2, updated: 0 });
    expect((await world.store.get('accounts', 'PULL-PARENT'))?.version).toBe(before?.version);

    // ConnectWise stamps lastUpdated to the second: the change must land in a later one to be seen as newer.
    await new Promise((resolve) => setTimeout(resolve, 1_005 - (Date.now() % 1_000)));
    await world.cw.client.company.companies.patch(cw.parent, [
      { op: 'replace', path: 'phoneNumber', value: '+1 813 555 0199' },
    ]);
    const [changedRun] = await world.sync.startRuns({
      instanceId: world.instanceId,
      module: 'accounts',
      direction: 'pull',
    });
    await world.drain({ feed: false });
    expect((await world.sync.runProgress(changedRun!))?.counts).toMatchObject({ unchanged: 1, updated: 1 });
    const after = await world.store.get('accounts', 'PULL-PARENT');
    expect(after).toMatchObject({ phone: '+1 813 555 0199', version: (before!.version as number) + 1 });
  });

  it('takes the currency through the Currency lookup, or else the BSS currency of the same ISO code', async () => {
    await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'PULL-USD',
      name: 'Dollar Co',
      city: 'Tampa',
      currency: { id: world.ids.usd },
    });
    await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'PULL-EUR',
      name: 'Euro AG',
      city: 'Berlin',
      currency: { id: cw.eur },
    });
    await world.sync.startRuns({ instanceId: world.instanceId, module: 'accounts', direction: 'pull' });
    await world.drain({ feed: false });
    expect(await world.store.get('accounts', 'PULL-USD')).toMatchObject({ currency: { id: 'USD' } });
    expect(await world.store.get('accounts', 'PULL-EUR')).toMatchObject({ currency: { id: 'EUR' } });
  });
});
