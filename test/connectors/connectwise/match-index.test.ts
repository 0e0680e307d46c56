// The run-level match index against the ConnectWise sandbox: it answers the accounts' and contacts' match
// rules exactly as ConnectWise's own conditions do, from memory after one read of each resource.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  indexReferenceData,
  createConnectWiseActionRegistry,
  createConnectWiseGateway,
  createMatchIndex,
  type MatchIndex,
  listMatchResources,
  loadReferenceData,
  loadConnectWiseDefinition,
} from '../../../src/connectors/connectwise/index.js';
import {
  type ConnectWiseGateway,
  type SyncLink,
  pushRecord,
  type PushContext,
} from '../../../src/engine/index.js';
import { startSandboxWithClient, type SandboxWithClient } from '../../connectwise/support/sandbox.js';
import { inMemoryLinks, inMemoryLookups, inMemoryRecords } from '../../support/in-memory-engine-ports.js';

type Conditions = Parameters<ConnectWiseGateway['findMatching']>[1];

const connector = await loadConnectWiseDefinition();
const resources = listMatchResources(connector, ['accounts', 'contacts']);
let cw: SandboxWithClient;
let real: ConnectWiseGateway;
let emailTypeId: number;
let phoneTypeId: number;
const companyIds: number[] = [];

async function getCalls(): Promise<number> {
  const response = await fetch(`${cw.sandbox.url}/__sandbox/calls`);
  const body = (await response.json()) as { endpoints: Array<{ method: string; total: number }> };
  return body.endpoints
    .filter((endpoint) => endpoint.method === 'GET')
    .reduce((sum, endpoint) => sum + endpoint.total, 0);
}

async function createCompany(identifier: string, name: string): Promise<number> {
  const created = await cw.client.company.companies.create({
    identifier,
    name,
    city: 'Tampa',
    site: { name: 'Main' },
  } as never);
  return created.id;
}

async function createContact(fields: Record<string, unknown>, email?: string, phone?: string) {
  const communicationItems = [
    ...(email === undefined ? [] : [{ type: { id: emailTypeId }, value: email, defaultFlag: true }]),
    ...(phone === undefined ? [] : [{ type: { id: phoneTypeId }, value: phone }]),
  ];
  return cw.client.company.contacts.create({ ...fields, communicationItems } as never);
}

const company = (field: string, value: string | number | boolean): Conditions => [
  { field, value, child: false },
];
const contact = (
  companyId: string | number,
  firstName: string,
  lastName: string,
  email: string,
): Conditions => [
  { field: 'company/id', value: companyId, child: false },
  { field: 'firstName', value: firstName, child: false },
  { field: 'lastName', value: lastName, child: false },
  { field: 'communicationItems/value', value: email, child: true },
];

beforeAll(async () => {
  cw = await startSandboxWithClient({ seed: 'demo' });
  real = createConnectWiseGateway(cw.client);
  const types = (await cw.client.company.communicationTypes.page({ pageSize: 100 })).items as Array<{
    id: number;
    emailFlag?: boolean;
    phoneFlag?: boolean;
  }>;
  emailTypeId = types.find((type) => type.emailFlag)!.id;
  phoneTypeId = types.find((type) => type.phoneFlag)!.id;
  companyIds.push(
    await createCompany('MI-ALPHA', 'Alpha Trading'),
    await createCompany('mi-beta', 'alpha trading'),
    await createCompany('MI-GAMMA', 'Gamma & Sons, Ltd.'),
    await createCompany('MI-DELTA', 'Ünïcode Straße'),
    await createCompany('12345', 'Numbers Inc'),
  );
  const [alpha, beta] = companyIds as [number, number];
  await createContact({ firstName: 'Ann', lastName: 'Lee', company: { id: alpha } }, 'Ann.Lee@Alpha.example');
  await createContact(
    { firstName: 'ann', lastName: 'LEE', company: { id: alpha } },
    'ann.lee@alpha.example',
    '+1 555 0100',
  );
  await createContact({ firstName: 'Bob', lastName: 'Stone', company: { id: beta } }, undefined, '555');
  await createContact({ firstName: 'Cy', company: { id: beta } });
  await createContact({ firstName: 'Cy', lastName: '', company: { id: beta } }, 'cy@beta.example');
});
afterAll(() => cw.stop());

describe('the match index', () => {
  let index: MatchIndex;
  beforeEach(() => {
    index = createMatchIndex(cw.client, resources);
  });

  it('holds the fields the accounts and contacts rules compare', () => {
    expect(resources).toEqual([
      {
        resource: 'company/companies',
        fields: [
          { field: 'identifier', child: false },
          { field: 'name', child: false },
        ],
      },
      {
        resource: 'company/contacts',
        fields: [
          { field: 'company/id', child: false },
          { field: 'firstName', child: false },
          { field: 'lastName', child: false },
          { field: 'communicationItems/value', child: true },
        ],
      },
    ]);
  });

  it("gives the same answers as ConnectWise's conditions, case differences and blank values included", async () => {
    const [alpha, beta] = companyIds as [number, number];
    const queries: Array<[string, Conditions]> = [
      ['company/companies', company('identifier', 'MI-ALPHA')],
      ['company/companies', company('identifier', 'mi-alpha')],
      ['company/companies', company('identifier', 'MI-BETA')],
      ['company/companies', company('identifier', 'MI-ALPH')],
      ['company/companies', company('identifier', ' MI-ALPHA')],
      ['company/companies', company('identifier', '')],
      ['company/companies', company('identifier', ' ')],
      ['company/companies', company('identifier', 12345)],
      ['company/companies', company('identifier', '12345')],
      ['company/companies', company('name', 'ALPHA TRADING')],
      ['company/companies', company('name', 'gamma & sons, ltd.')],
      ['company/companies', company('name', "Gamma & Sons, Ltd.' or 1=1")],
      ['company/companies', company('name', 'ünïcode strasse')],
      ['company/companies', company('name', 'ÜNÏCODE STRAßE')],
      ['company/companies', company('name', '')],
      ['company/contacts', contact(alpha, 'Ann', 'Lee', 'ann.lee@alpha.example')],
      ['company/contacts', contact(alpha, 'ANN', 'lee', 'ANN.LEE@ALPHA.EXAMPLE')],
      ['company/contacts', contact(String(alpha), 'Ann', 'Lee', 'Ann.Lee@Alpha.example')],
      ['company/contacts', contact(alpha, 'Ann', 'Lee', '+1 555 0100')],
      ['company/contacts', contact(beta, 'Ann', 'Lee', 'ann.lee@alpha.example')],
      ['company/contacts', contact(beta, 'Bob', 'Stone', '555')],
      ['company/contacts', contact(beta, 'Bob', 'Stone', '')],
      ['company/contacts', contact(beta, 'Cy', '', 'cy@beta.example')],
      ['company/contacts', contact(beta, 'Cy', '', '')],
    ];
    for (const [resource, conditions] of queries) {
      const expected = await real.findMatching(resource, conditions);
      expect({ resource, conditions, found: await index.findMatching(resource, conditions) }).toEqual({
        resource,
        conditions,
        found: expected,
      });
    }
    // the cases above are not all empty: both kinds of answer were compared
    const sizes = await Promise.all(queries.map(([resource, q]) => index.findMatching(resource, q)));
    expect(sizes.map((found) => found.length)).toContain(2);
    expect(sizes.map((found) => found.length)).toContain(0);
    expect(index.stats()).toMatchObject({ passedThrough: 0 });
  });

  it("compares text as ConnectWise's SQL Server does: trailing spaces ignored on either side, leading ones not", async () => {
    const [, beta] = companyIds as [number, number];
    const acme = await createCompany('MI-ACME', 'ACME Ltd  ');
    expect((await cw.client.company.companies.get(acme)).name).toBe('ACME Ltd  ');
    const found = async (resource: string, conditions: Conditions) =>
      (await index.findMatching(resource, conditions)).map((record) => record.id);
    expect(await found('company/companies', company('name', 'acme ltd'))).toEqual([acme]);
    expect(await found('company/companies', company('name', 'ACME LTD '))).toEqual([acme]);
    expect(await found('company/companies', company('name', ' acme ltd'))).toEqual([]);
    expect(await found('company/companies', company('identifier', 'MI-ALPHA   '))).toEqual([companyIds[0]]);
    // A last name of one space is the empty last name to SQL Server.
    const cy = await found('company/contacts', contact(beta, 'Cy', ' ', 'CY@beta.example'));
    expect(cy).toHaveLength(1);
    expect(await found('company/contacts', contact(beta, 'Cy', '', 'cy@beta.example'))).toEqual(cy);
  });

  it('makes no request for a lookup after the preload, and one to read what it matched', async () => {
    await index.preload();
    expect(index.stats().indexed).toEqual({
      'company/companies': expect.any(Number),
      'company/contacts': expect.any(Number),
    });
    expect(index.stats().readWhole).toEqual([]);
    const before = await getCalls();
    for (let n = 0; n < 50; n += 1) {
      expect(await index.findMatching('company/companies', company('identifier', `NEW-${n}`))).toEqual([]);
      expect(await index.findMatching('company/contacts', contact(1, 'No', 'One', `x${n}@y`))).toEqual([]);
    }
    expect((await getCalls()) - before).toBe(0);
    const found = await index.findMatching('company/companies', company('identifier', 'mi-alpha'));
    expect(found.map((record) => record.identifier)).toEqual(['MI-ALPHA']);
    expect((await getCalls()) - before).toBe(1);
  });

  it('reads each resource once, however many lookups arrive together', async () => {
    const before = await getCalls();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        n % 2 === 0
          ? index.findMatching('company/companies', company('identifier', `NONE-${n}`))
          : index.findMatching('company/contacts', contact(1, 'No', 'One', `none${n}@y`)),
      ),
    );
    expect(answers.flat()).toEqual([]);
    // one page of companies and one of contacts
    expect((await getCalls()) - before).toBe(2);
  });

  it('files the records it creates and updates, so the next lookup finds them without listing the resource again', async () => {
    await index.preload();
    const created = await index.create('company/companies', {
      identifier: 'MI-NEW',
      name: 'Brand New',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const before = await getCalls();
    expect(await index.findMatching('company/companies', company('name', 'brand new'))).toEqual([
      expect.objectContaining({ id: created.id }),
    ]);
    await index.update('company/companies', created.id, { set: { name: 'Renamed Co' }, unset: [] });
    expect(await index.findMatching('company/companies', company('name', 'Brand New'))).toEqual([]);
    expect(await index.findMatching('company/companies', company('name', 'RENAMED CO'))).toEqual([
      expect.objectContaining({ id: created.id, name: 'Renamed Co' }),
    ]);
    // two reads of the matched record; no list of the resource
    expect((await getCalls()) - before).toBe(2);
  });

  it('reads again what a create with an unknown outcome may have made, so a retry finds it', async () => {
    const losingAnswers: ConnectWiseGateway = {
      ...real,
      async create(resource, body) {
        await real.create(resource, body);
        throw Object.assign(new Error('socket hang up'), { retryable: true });
      },
    };
    const lossy = createMatchIndex(cw.client, resources, { gateway: losingAnswers });
    await lossy.preload();
    await expect(
      lossy.create('company/companies', {
        identifier: 'MI-LOST',
        name: 'Lost Answer',
        city: 'Tampa',
        site: { name: 'Main' },
      }),
    ).rejects.toThrow('socket hang up');
    expect(await lossy.findMatching('company/companies', company('identifier', 'MI-LOST'))).toEqual([
      expect.objectContaining({ identifier: 'MI-LOST' }),
    ]);
    expect(lossy.stats().catchUps).toBe(1);
  });

  it('reads again a record an update with an unknown outcome may have changed', async () => {
    const id = await createCompany('MI-RENAME', 'Before Rename');
    const losingAnswers: ConnectWiseGateway = {
      ...real,
      async update(resource, recordId, changes) {
        await real.update(resource, recordId, changes);
        throw Object.assign(new Error('socket hang up'), { retryable: true });
      },
    };
    const lossy = createMatchIndex(cw.client, resources, { gateway: losingAnswers });
    await lossy.preload();
    await expect(
      lossy.update('company/companies', id, { set: { name: 'After Rename' }, unset: [] }),
    ).rejects.toThrow('socket hang up');
    expect(await lossy.findMatching('company/companies', company('name', 'after rename'))).toEqual([
      expect.objectContaining({ id }),
    ]);
    expect(await lossy.findMatching('company/companies', company('name', 'Before Rename'))).toEqual([]);
    expect(lossy.stats().catchUps).toBe(1);
  });

  it('does not read again after ConnectWise refused a create outright', async () => {
    await index.preload();
    await expect(
      index.create('company/companies', {
        identifier: 'MI-TOO-LONG-IDENTIFIER-0000001',
        name: 'X',
        city: 'Tampa',
        site: { name: 'Main' },
      }),
    ).rejects.toMatchObject({ status: 400 });
    const before = await getCalls();
    expect(await index.findMatching('company/companies', company('identifier', 'MI-X'))).toEqual([]);
    expect((await getCalls()) - before).toBe(0);
    expect(index.stats().catchUps).toBe(0);
  });

  it('passes lookups on fields and resources it does not hold to the gateway', async () => {
    const conditions = company('identifier', 'MI-GAMMA');
    expect(await index.findMatching('company/companies', company('city', 'Tampa'))).toEqual(
      await real.findMatching('company/companies', company('city', 'Tampa')),
    );
    expect(await index.findMatching('company/countries', company('name', 'Canada'))).toEqual(
      await real.findMatching('company/countries', company('name', 'Canada')),
    );
    expect(index.stats()).toMatchObject({ passedThrough: 2, answered: 0 });
    expect(await index.findMatching('company/companies', conditions)).toHaveLength(1);
    expect(index.stats()).toMatchObject({ passedThrough: 2, answered: 1 });
  });
});

describe('pushRecord through the match index', () => {
  it('creates new accounts and contacts without a lookup request, and links them again from memory', async () => {
    const reference = indexReferenceData(await loadReferenceData(cw.client));
    const types = (await cw.client.company.companyTypes.page()).items;
    const customerType = types.find((type) => type.name === 'Customer')!;
    const records = new Map<string, Record<string, unknown>>();
    const links = new Map<string, SyncLink>();
    const contextWith = (gateway: ConnectWiseGateway): PushContext => ({
      instanceId: 'sandbox',
      connector,
      gateway,
      records: inMemoryRecords(records),
      links: inMemoryLinks(links),
      lookups: inMemoryLookups({ AccountType: { customer: String(customerType.id) } }),
      serverVariables: { importAccountStatusId: 1, companySiteName: 'Main' },
      abilities: () => true,
      actions: createConnectWiseActionRegistry({ reference: () => reference }),
    });
    for (let n = 0; n < 5; n += 1) {
      records.set(`accounts/PX-${n}`, {
        id: `PX-${n}`,
        name: `Push Index ${n}`,
        type: { id: 'customer' },
        addresses: [{ city: 'Tampa', stateName: 'Florida', countryCode: 'US', isBilling: true }],
      });
      records.set(`contacts/PXC-${n}`, {
        id: `PXC-${n}`,
        firstName: 'Dee',
        lastName: `Index${n}`,
        account: { id: `PX-${n}` },
        email: `dee${n}@px.example`,
      });
    }
    const index = createMatchIndex(cw.client, resources);
    await index.preload();
    const before = await getCalls();
    const created = [];
    for (let n = 0; n < 5; n += 1) created.push(await pushRecord(contextWith(index), 'accounts', `PX-${n}`));
    for (let n = 0; n < 5; n += 1) created.push(await pushRecord(contextWith(index), 'contacts', `PXC-${n}`));
    expect(created.map((result) => result.outcome)).toEqual(Array(10).fill('created'));
    expect((await getCalls()) - before).toBe(0);

    // the links are lost: a new run's index finds every record instead of making a second one
    const firstIds = created.map((result) => (result as { connectwiseId: number }).connectwiseId);
    links.clear();
    const again = createMatchIndex(cw.client, resources);
    const relinked = [];
    for (let n = 0; n < 5; n += 1) relinked.push(await pushRecord(contextWith(again), 'accounts', `PX-${n}`));
    for (let n = 0; n < 5; n += 1)
      relinked.push(await pushRecord(contextWith(again), 'contacts', `PXC-${n}`));
    expect(relinked.map((result) => result.outcome)).toEqual(Array(10).fill('linked'));
    expect(relinked.map((result) => (result as { connectwiseId: number }).connectwiseId)).toEqual(firstIds);
  });
});
