import type { Company, Contact, PatchOperation } from 'connectwise-rest/dist/Manage/CompanyAPI.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { createConnectwiseRestClient, failureOf } from './connectwise-rest-client.js';

let sandbox: RunningSandbox;
let cw: ReturnType<typeof createConnectwiseRestClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo' });
  cw = createConnectwiseRestClient(sandbox);
});
afterAll(async () => sandbox?.stop());

/**
 * connectwise-rest 1.3.0 types PatchOperation.value as an object, which rejects strings (connectwise-rest PR #53,
 * fixed in v2): string values are cast here.
 */
function replace(path: string, value: unknown): PatchOperation {
  return { op: 'replace', path, value } as unknown as PatchOperation;
}

function newCompany(identifier: string): Company {
  return {
    identifier,
    name: `${identifier} Ltd`,
    addressLine1: '1 Main Street',
    city: 'Springfield',
    state: 'IL',
    status: { id: 1 },
    types: [{ id: 1 }],
    site: { name: 'Main' },
  } as Company;
}

describe('connectwise-rest against the sandbox: companies', () => {
  it('creates, reads, replaces, patches and deletes a company', async () => {
    const created = await cw.CompanyAPI.postCompanyCompanies(newCompany('CONF-CRUD'));
    expect(created).toMatchObject({
      identifier: 'CONF-CRUD',
      name: 'CONF-CRUD Ltd',
      status: { id: 1, name: 'Active' },
    });
    const id = created.id as number;

    expect(await cw.CompanyAPI.getCompanyCompaniesById(id)).toMatchObject({ id, city: 'Springfield' });

    const replaced = await cw.CompanyAPI.putCompanyCompaniesById(id, {
      ...newCompany('CONF-CRUD'),
      name: 'Renamed Ltd',
      city: undefined,
      types: undefined,
    } as unknown as Company);
    expect(replaced.name).toBe('Renamed Ltd');
    expect(replaced.city).toBeUndefined();

    const patched = await cw.CompanyAPI.patchCompanyCompaniesById(id, [replace('city', 'Shelbyville')]);
    expect(patched).toMatchObject({ name: 'Renamed Ltd', city: 'Shelbyville' });

    await cw.CompanyAPI.deleteCompanyCompaniesById(id);
    const missing = await failureOf(cw.CompanyAPI.getCompanyCompaniesById(id));
    expect(missing.status).toBe(404);
  });

  it('finds companies by conditions and orders them', async () => {
    for (const suffix of ['B', 'A', 'C'])
      await cw.CompanyAPI.postCompanyCompanies(newCompany(`CONF-COND-${suffix}`));
    const found = await cw.CompanyAPI.getCompanyCompanies({
      conditions: 'identifier like "CONF-COND-%" and identifier != "CONF-COND-C"',
      orderBy: 'identifier desc',
    });
    expect(found.map((company: Company) => company.identifier)).toEqual(['CONF-COND-B', 'CONF-COND-A']);
  });

  it('pages through every company with connectwise-rest’s paginate', async () => {
    for (let index = 0; index < 23; index += 1) {
      await cw.CompanyAPI.postCompanyCompanies(newCompany(`CONF-PAGE-${String(index).padStart(2, '0')}`));
    }
    const all = (await cw.paginate(
      cw.CompanyAPI.getCompanyCompanies,
      { startPage: 1, pageSize: 5 },
      { conditions: 'identifier like "CONF-PAGE-%"', orderBy: 'id asc' },
    )) as Company[];
    expect(all).toHaveLength(23);
    expect(new Set(all.map((company) => company.id)).size).toBe(23);
  });
});

describe('connectwise-rest against the sandbox: contacts', () => {
  it('creates, reads, patches and deletes a contact of a company', async () => {
    const company = await cw.CompanyAPI.postCompanyCompanies(newCompany('CONF-CONTACTS'));
    const created = await cw.CompanyAPI.postCompanyContacts({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: { id: company.id },
      communicationItems: [
        { type: { id: 1 }, value: 'ada@example.com', defaultFlag: true, communicationType: 'Email' },
      ],
    } as Contact);
    expect(created).toMatchObject({
      firstName: 'Ada',
      company: { id: company.id, identifier: 'CONF-CONTACTS' },
      communicationItems: [{ value: 'ada@example.com', communicationType: 'Email' }],
    });
    const id = created.id as number;

    const patched = await cw.CompanyAPI.patchCompanyContactsById(id, [
      replace('lastName', 'King'),
      replace('/communicationItems/0/value', 'ada.king@example.com'),
    ]);
    expect(patched).toMatchObject({
      lastName: 'King',
      communicationItems: [{ value: 'ada.king@example.com' }],
    });

    const ofCompany = await cw.CompanyAPI.getCompanyContacts({ conditions: `company/id=${company.id}` });
    expect(ofCompany.map((contact: Contact) => contact.id)).toEqual([id]);

    // connectwise-rest declares a transferContactId it never sends
    await cw.CompanyAPI.deleteCompanyContactsById(id, 0);
    expect((await failureOf(cw.CompanyAPI.getCompanyContactsById(id))).status).toBe(404);
  });

  it('counts contacts as ConnectWise does', async () => {
    const { count } = (await cw.CompanyAPI.getCompanyContactsCount({ conditions: 'firstName="Nobody"' })) as {
      count: number;
    };
    expect(count).toBe(0);
  });
});
