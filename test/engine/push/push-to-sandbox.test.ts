// pushRecord over real HTTP: the engine, the ConnectWise client and the sandbox agree on what is sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  indexReferenceData,
  createConnectWiseActionRegistry,
  createConnectWiseGateway,
  loadReferenceData,
  loadConnectWiseDefinition,
} from '../../../src/connectors/connectwise/index.js';
import { type SyncLink, pushRecord, type PushContext } from '../../../src/engine/index.js';
import { startSandboxWithClient, type SandboxWithClient } from '../../connectwise/support/sandbox.js';
import { inMemoryLinks, inMemoryLookups, inMemoryRecords } from '../../support/in-memory-engine-ports.js';

const connector = await loadConnectWiseDefinition();
let cw: SandboxWithClient;
let context: PushContext;
let records: Map<string, Record<string, unknown>>;
let links: Map<string, SyncLink>;

async function callCount(): Promise<number> {
  const response = await fetch(`${cw.sandbox.url}/__sandbox/calls`);
  return ((await response.json()) as { total: number }).total;
}

/** POSTs, PATCHes and PUTs the sandbox has answered: the writes, without the lookups before a create. */
async function writeCount(): Promise<number> {
  const response = await fetch(`${cw.sandbox.url}/__sandbox/calls`);
  const { endpoints } = (await response.json()) as { endpoints: Array<{ method: string; total: number }> };
  return endpoints
    .filter((endpoint) => endpoint.method !== 'GET')
    .reduce((sum, endpoint) => sum + endpoint.total, 0);
}

async function company(id: number): Promise<Record<string, unknown>> {
  return (await cw.client.company.companies.get(id)) as unknown as Record<string, unknown>;
}

beforeAll(async () => {
  cw = await startSandboxWithClient({ seed: 'demo' });
  const types = (await cw.client.company.companyTypes.page()).items;
  const currencies = (await cw.client.finance.currencies.page({ pageSize: 100 })).items;
  const customerType = types.find((type) => type.name === 'Customer')!;
  const usd = currencies.find((currency) => currency.currencyIdentifier === 'USD')!;
  const reference = indexReferenceData(await loadReferenceData(cw.client));
  const lookupRows = {
    AccountType: { customer: String(customerType.id) },
    Currency: { USD: String(usd.id) },
  };
  records = new Map();
  links = new Map();
  context = {
    instanceId: 'sandbox',
    connector,
    gateway: createConnectWiseGateway(cw.client),
    records: inMemoryRecords(records),
    links: inMemoryLinks(links),
    lookups: inMemoryLookups(lookupRows),
    serverVariables: { importAccountStatusId: 1, companySiteName: 'Main' },
    abilities: () => true,
    actions: createConnectWiseActionRegistry({ reference: () => reference }),
  };
});
afterAll(() => cw.stop());
beforeEach(() => {
  records.set('accounts/NW-1', {
    id: 'NW-1',
    code: 'C-100',
    name: 'Northwind Traders',
    type: { id: 'customer' },
    currency: { id: 'USD' },
    phone: '+1 813 555 0100',
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
  });
});

describe('pushing to the ConnectWise sandbox', () => {
  it('creates the company as the Account table maps it, and makes no call when nothing changed', async () => {
    const result = await pushRecord(context, 'accounts', 'NW-1');
    expect(result).toMatchObject({ outcome: 'created' });
    const id = (result as { connectwiseId: number }).connectwiseId;
    expect(await company(id)).toMatchObject({
      identifier: 'NW-1',
      name: 'Northwind Traders',
      accountNumber: 'C-100',
      state: 'FL',
      zip: '33602',
      country: { name: 'United States' },
      types: [{ name: 'Customer' }],
      currency: { currencyIdentifier: 'USD' },
      billToCompany: { id },
      status: { id: 1 },
    });
    const before = await callCount();
    expect(await pushRecord(context, 'accounts', 'NW-1')).toMatchObject({ outcome: 'unchanged' });
    expect((await callCount()) - before).toBe(0);
  });

  it('sends one PATCH of only what changed', async () => {
    records.get('accounts/NW-1')!.phone = '+1 813 555 0199';
    const before = await callCount();
    expect(await pushRecord(context, 'accounts', 'NW-1')).toMatchObject({ outcome: 'updated' });
    expect((await callCount()) - before).toBe(1);
    const id = links.get('sandbox/accounts/NW-1')!.connectwiseId;
    expect((await company(id)).phoneNumber).toBe('+1 813 555 0199');
  });

  it("edits a contact's communication items in place, never duplicating them", async () => {
    records.set('contacts/C-1', {
      id: 'C-1',
      firstName: 'Ann',
      lastName: 'Lee',
      account: { id: 'NW-1' },
      email: 'ann@northwind.example',
      phone: '+1 813 555 0101',
    });
    const beforeCreate = await writeCount();
    const created = await pushRecord(context, 'contacts', 'C-1');
    expect(created).toMatchObject({ outcome: 'created' });
    // One POST: the items went in the create, and nothing rewrites them without their ids afterwards.
    expect((await writeCount()) - beforeCreate).toBe(1);
    const id = (created as { connectwiseId: number }).connectwiseId;
    const first = await cw.client.company.contacts.get(id);
    records.get('contacts/C-1')!.phone = '+1 813 555 0102';
    expect(await pushRecord(context, 'contacts', 'C-1')).toMatchObject({ outcome: 'updated' });
    const second = await cw.client.company.contacts.get(id);
    expect(second.communicationItems?.map((item) => [item.id, item.value])).toEqual([
      [first.communicationItems![0]!.id, 'ann@northwind.example'],
      [first.communicationItems![1]!.id, '+1 813 555 0102'],
    ]);
    expect(second.company).toMatchObject({ identifier: 'NW-1' });
  });

  it('links a company that already has the identifier instead of duplicating it', async () => {
    const existing = await cw.client.company.companies.create({
      identifier: 'NW-2',
      name: 'Northwind West',
      city: 'Reno',
      site: { name: 'Main' },
    } as never);
    records.set('accounts/NW-2', {
      id: 'NW-2',
      name: 'Northwind West',
      type: { id: 'customer' },
      addresses: [],
    });
    expect(await pushRecord(context, 'accounts', 'NW-2')).toMatchObject({
      outcome: 'linked',
      connectwiseId: existing.id,
    });
  });

  it("reports ConnectWise's own field error for an identifier too long for API 2022.1", async () => {
    const id = 'A-VERY-LONG-ACCOUNT-ID-0001';
    records.set(`accounts/${id}`, {
      id,
      name: 'Long id',
      type: { id: 'customer' },
      addresses: [{ city: 'Tampa', isBilling: true }],
    });
    const result = await pushRecord(context, 'accounts', id);
    expect(result).toMatchObject({
      outcome: 'failed',
      failure: { field: 'identifier', retryable: false, connectwise: { status: 400 } },
    });
    expect((result as { failure: { message: string } }).failure.message).toMatch(/identifier/);
  });
});
