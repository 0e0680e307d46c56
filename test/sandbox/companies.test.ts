import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/sandbox/context.js';
import { insertCompanyLookups } from './support/reference-rows.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

function companyBody(identifier: string, extra: Record<string, unknown> = {}) {
  return {
    identifier,
    name: `${identifier.slice(0, 20)} Ltd`,
    city: 'Tampa',
    site: { name: 'Main' },
    ...extra,
  };
}

describe('company/companies', () => {
  let sandbox: TestSandbox;
  let lookups: ReturnType<typeof insertCompanyLookups>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    lookups = insertCompanyLookups(sandbox.sandbox.context.store);
  });
  afterAll(() => sandbox.stop());

  it('creates, reads, counts, updates and deletes a company', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: companyBody('CRUD1', { status: { id: lookups.active } }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(Object.keys(created.body)[0]).toBe('id');
    const read = await sandbox.call('GET', `/company/companies/${id}`);
    expect(read.body).toMatchObject({ id, identifier: 'CRUD1', name: 'CRUD1 Ltd', city: 'Tampa' });
    expect(read.body._info.sites_href).toBe(`${sandbox.sandbox.apiUrl}/company/companies/${id}/sites`);
    const updated = await sandbox.call('PUT', `/company/companies/${id}`, {
      body: companyBody('CRUD1', { city: 'Miami' }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.city).toBe('Miami');
    const removed = await sandbox.call('DELETE', `/company/companies/${id}`);
    expect(removed.status).toBe(204);
    const gone = await sandbox.call('GET', `/company/companies/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 'NotFound', message: `Company ${id} not found` });
  });

  it("fills references with the referenced record's name, whatever the client sent", async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: companyBody('REFS1', { status: { id: String(lookups.active), name: 'Something else' } }),
    });
    expect(created.body.status).toEqual({
      id: lookups.active,
      name: 'Active',
      _info: { status_href: `${sandbox.sandbox.apiUrl}/company/companies/statuses/${lookups.active}` },
    });
  });

  it('shows a renamed status under its new name in companies that reference it', async () => {
    const status = await sandbox.call('POST', '/company/companies/statuses', { body: { name: 'Old name' } });
    const company = await sandbox.call('POST', '/company/companies', {
      body: companyBody('RENAME1', { status: { id: status.body.id } }),
    });
    await sandbox.call('PATCH', `/company/companies/statuses/${status.body.id}`, {
      body: [{ op: 'replace', path: 'name', value: 'New name' }],
    });
    const read = await sandbox.call('GET', `/company/companies/${company.body.id}`);
    expect(read.body.status.name).toBe('New name');
  });

  it('gives a new company without status the default status', async () => {
    const created = await sandbox.call('POST', '/company/companies', { body: companyBody('DEFSTATUS') });
    expect(created.body.status).toMatchObject({ id: lookups.active, name: 'Active' });
  });

  it("links a site reference under the site's company", async () => {
    const company = await sandbox.call('POST', '/company/companies', { body: companyBody('SITEREF') });
    const site = await sandbox.call('POST', `/company/companies/${company.body.id}/sites`, {
      body: { name: 'HQ' },
    });
    const contact = await sandbox.call('POST', '/company/contacts', {
      body: { firstName: 'Sam', company: { id: company.body.id }, site: { id: site.body.id } },
    });
    expect(contact.body.site).toEqual({
      id: site.body.id,
      name: 'HQ',
      _info: {
        site_href: `${sandbox.sandbox.apiUrl}/company/companies/${company.body.id}/sites/${site.body.id}`,
      },
    });
  });

  it('rejects a reference to a record that does not exist with a NotFound field error', async () => {
    const answer = await sandbox.call('POST', '/company/companies', {
      body: companyBody('REFS2', { status: { id: 999 } }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toContainEqual({
      code: 'NotFound',
      message: 'Company Status 999 not found',
      resource: 'company',
      field: 'status/id',
    });
  });

  it('rejects a duplicate identifier, case-insensitively, with ObjectExists', async () => {
    await sandbox.call('POST', '/company/companies', { body: companyBody('DupCo') });
    const answer = await sandbox.call('POST', '/company/companies', { body: companyBody('DUPCO') });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'InvalidObject', message: 'company object is invalid' });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ code: 'ObjectExists', resource: 'company', field: 'identifier' }),
    ]);
  });

  it('requires at least one address field', async () => {
    const answer = await sandbox.call('POST', '/company/companies', {
      body: { identifier: 'NOADDR', name: 'No address', site: { name: 'Main' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ code: 'MissingRequiredField', field: 'addressLine1' }),
    ]);
    const withZip = await sandbox.call('POST', '/company/companies', {
      body: { identifier: 'ZIPONLY', name: 'Zip', zip: '33601', site: { name: 'Main' } },
    });
    expect(withZip.status).toBe(201);
  });

  it('reports all field errors of a body at once', async () => {
    const answer = await sandbox.call('POST', '/company/companies', {
      body: { phoneNumber: 'x'.repeat(31) },
    });
    expect(answer.status).toBe(400);
    const fields = answer.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['addressLine1', 'identifier', 'name', 'phoneNumber', 'site']);
    expect(answer.body.errors).toContainEqual({
      code: 'MissingRequiredField',
      message: 'The identifier field is required.',
      resource: 'company',
      field: 'identifier',
    });
  });

  it('takes types only on create and keeps them in step with type associations', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: companyBody('TYPES1', { types: [{ id: lookups.customer }] }),
    });
    const id = created.body.id;
    expect(created.body.types.map((type: { name: string }) => type.name)).toEqual(['Customer']);
    const put = await sandbox.call('PUT', `/company/companies/${id}`, {
      body: companyBody('TYPES1', { types: [{ id: lookups.vendor }] }),
    });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([expect.objectContaining({ code: 'InvalidField', field: 'typeIds' })]);
    const patch = await sandbox.call('PATCH', `/company/companies/${id}`, {
      body: [{ op: 'replace', path: 'types', value: [{ id: lookups.vendor }] }],
    });
    expect(patch.status).toBe(400);
    const putWithoutTypes = await sandbox.call('PUT', `/company/companies/${id}`, {
      body: companyBody('TYPES1'),
    });
    expect(putWithoutTypes.body.types.map((type: { id: number }) => type.id)).toEqual([lookups.customer]);

    const associations = await sandbox.call('GET', `/company/companies/${id}/typeAssociations`);
    expect(associations.body).toHaveLength(1);
    const added = await sandbox.call('POST', `/company/companies/${id}/typeAssociations`, {
      body: { type: { id: lookups.vendor } },
    });
    expect(added.status).toBe(201);
    const flat = await sandbox.call('GET', `/company/companyTypeAssociations?conditions=company/id=${id}`);
    expect(flat.body).toHaveLength(2);
    const afterAdd = await sandbox.call('GET', `/company/companies/${id}`);
    expect(afterAdd.body.types.map((type: { name: string }) => type.name)).toEqual(['Customer', 'Vendor']);
    await sandbox.call('DELETE', `/company/companyTypeAssociations/${associations.body[0].id}`);
    const afterDelete = await sandbox.call('GET', `/company/companies/${id}`);
    expect(afterDelete.body.types.map((type: { name: string }) => type.name)).toEqual(['Vendor']);
  });

  it('keeps sites under their company and answers 404 for an unknown company', async () => {
    const company = await sandbox.call('POST', '/company/companies', { body: companyBody('SITES1') });
    const site = await sandbox.call('POST', `/company/companies/${company.body.id}/sites`, {
      body: { name: 'Branch' },
    });
    expect(site.status).toBe(201);
    expect(site.body.company).toMatchObject({ id: company.body.id, identifier: 'SITES1' });
    const list = await sandbox.call('GET', `/company/companies/${company.body.id}/sites`);
    expect(list.body.map((row: { name: string }) => row.name)).toEqual(['Main', 'Branch']);
    const other = await sandbox.call('POST', '/company/companies', { body: companyBody('SITES2') });
    const wrongParent = await sandbox.call(
      'GET',
      `/company/companies/${other.body.id}/sites/${site.body.id}`,
    );
    expect(wrongParent.status).toBe(404);
    const noCompany = await sandbox.call('GET', '/company/companies/999999/sites');
    expect(noCompany.body).toEqual({ code: 'NotFound', message: 'Company 999999 not found' });
  });

  it('clears omitted fields on PUT but keeps read-only ones', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: companyBody('PUT1', { phoneNumber: '555', website: 'example.com' }),
    });
    const put = await sandbox.call('PUT', `/company/companies/${created.body.id}`, {
      body: { identifier: 'PUT1', name: 'Put One', zip: '1', site: { name: 'Main' } },
    });
    expect(put.body).not.toHaveProperty('phoneNumber');
    expect(put.body).not.toHaveProperty('city');
    expect(put.body._info.dateEntered).toBe(created.body._info.dateEntered);
    expect(put.body.id).toBe(created.body.id);
  });
});

describe('company identifier length per API version', () => {
  const cases: Array<[ApiVersion, number]> = [
    ['2022.1', 25],
    ['2025.8', 30],
    ['2026.4', 156],
  ];
  for (const [apiVersion, limit] of cases) {
    it(`accepts ${limit} characters and rejects ${limit + 1} in ${apiVersion}`, async () => {
      const sandbox = await startTestSandbox({ apiVersion });
      try {
        const fits = await sandbox.call('POST', '/company/companies', {
          body: companyBody('a'.repeat(limit)),
        });
        expect(fits.status).toBe(201);
        const tooLong = await sandbox.call('POST', '/company/companies', {
          body: companyBody('b'.repeat(limit + 1)),
        });
        expect(tooLong.status).toBe(400);
        expect(tooLong.body.errors).toEqual([
          {
            code: 'MaxLengthField',
            message: `The field identifier must be a string with a maximum length of ${limit}.`,
            resource: 'company',
            field: 'identifier',
          },
        ]);
      } finally {
        await sandbox.stop();
      }
    });
  }

  it('rejects a 26-character identifier on 2022.1 and accepts it on 2025.8', async () => {
    const identifier = 'c'.repeat(26);
    const strict = await startTestSandbox({ apiVersion: '2022.1' });
    const newer = await startTestSandbox({ apiVersion: '2025.8' });
    try {
      expect(
        (await strict.call('POST', '/company/companies', { body: companyBody(identifier) })).status,
      ).toBe(400);
      expect((await newer.call('POST', '/company/companies', { body: companyBody(identifier) })).status).toBe(
        201,
      );
    } finally {
      await strict.stop();
      await newer.stop();
    }
  });
});
