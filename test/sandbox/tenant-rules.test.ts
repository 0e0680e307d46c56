import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCompanyLookups } from './support/reference-rows.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

// Every rule here is catalogued, with its evidence, in docs/connectwise-tenant-rules.md.

function company(identifier: string, extra: Record<string, unknown> = {}) {
  return { identifier, name: `${identifier} Ltd`, city: 'Tampa', site: { name: 'Main' }, ...extra };
}

describe('a strict tenant (the default)', () => {
  let sandbox: TestSandbox;
  let lookups: ReturnType<typeof insertCompanyLookups>;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    lookups = insertCompanyLookups(sandbox.sandbox.context.store);
  });
  afterAll(() => sandbox.stop());

  // Mwbergamo/SolutionsHub register/api/customers.php, round 1: "Company Site name is required."
  it('refuses a company without a site, naming the field site', async () => {
    const answer = await sandbox.call('POST', '/company/companies', {
      body: { identifier: 'NOSITE', name: 'No Site', city: 'Tampa' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 'InvalidObject',
      message: 'company object is invalid',
      errors: [
        {
          code: 'MissingRequiredField',
          message: 'Company Site name is required.',
          resource: 'company',
          field: 'site',
        },
      ],
    });
  });

  // Mwbergamo/SolutionsHub register/api/customers.php: site => ['name' => 'Main'] ("ConnectWise creates that site")
  it('creates the site a new company names, lists it under the company and references it by id', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: company('SITENEW', { addressLine1: '1 Bay St', zip: '33601' }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const sites = await sandbox.call('GET', `/company/companies/${id}/sites`);
    expect(sites.body).toHaveLength(1);
    expect(sites.body[0]).toMatchObject({
      name: 'Main',
      addressLine1: '1 Bay St',
      city: 'Tampa',
      zip: '33601',
      company: { id, identifier: 'SITENEW' },
    });
    expect(created.body.site).toEqual({
      id: sites.body[0].id,
      name: 'Main',
      _info: { site_href: `${sandbox.sandbox.apiUrl}/company/companies/${id}/sites/${sites.body[0].id}` },
    });
    const read = await sandbox.call('GET', `/company/companies/${id}`);
    expect(read.body.site.id).toBe(sites.body[0].id);
  });

  it('gives every new company its own site, and a PUT naming an existing site keeps it', async () => {
    const first = await sandbox.call('POST', '/company/companies', { body: company('SITEA') });
    const second = await sandbox.call('POST', '/company/companies', { body: company('SITEB') });
    expect(first.body.site.id).not.toBe(second.body.site.id);
    const put = await sandbox.call('PUT', `/company/companies/${first.body.id}`, {
      body: company('SITEA', { site: { name: 'main' } }),
    });
    expect(put.status).toBe(200);
    expect(put.body.site.id).toBe(first.body.site.id);
    const sites = await sandbox.call('GET', `/company/companies/${first.body.id}/sites`);
    expect(sites.body).toHaveLength(1);
  });

  // Mwbergamo/SolutionsHub register/api/customers.php, round 2:
  // "The field accountNumber must be a string with a maximum length of 41."
  it('refuses an accountNumber longer than 41 characters with the real message', async () => {
    const fits = await sandbox.call('POST', '/company/companies', {
      body: company('ACCT41', { accountNumber: 'a'.repeat(41) }),
    });
    expect(fits.status).toBe(201);
    const tooLong = await sandbox.call('POST', '/company/companies', {
      body: company('ACCT42', { accountNumber: 'a'.repeat(42) }),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([
      {
        code: 'MaxLengthField',
        message: 'The field accountNumber must be a string with a maximum length of 41.',
        resource: 'company',
        field: 'accountNumber',
      },
    ]);
  });

  // Mwbergamo/SolutionsHub relationships/api/connectwise-outgrow.php: "The field yearEstablished must be between
  // 1900 and 9999." (OutOfRange), same for revenueYear
  it('refuses a yearEstablished or revenueYear outside 1900 to 9999 with OutOfRange', async () => {
    const answer = await sandbox.call('POST', '/company/companies', {
      body: company('YEARS', { yearEstablished: 1899, revenueYear: 10000 }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        code: 'OutOfRange',
        message: 'The field yearEstablished must be between 1900 and 9999.',
        resource: 'company',
        field: 'yearEstablished',
      },
      {
        code: 'OutOfRange',
        message: 'The field revenueYear must be between 1900 and 9999.',
        resource: 'company',
        field: 'revenueYear',
      },
    ]);
  });

  // Mwbergamo/SolutionsHub register/api/connectwise.php: {"code":"ObjectExists","message":"Company ID already in
  // use.","field":"identifier"}
  it('answers a duplicate company identifier with the captured ObjectExists text', async () => {
    await sandbox.call('POST', '/company/companies', { body: company('DUPID') });
    const answer = await sandbox.call('POST', '/company/companies', { body: company('dupid') });
    expect(answer.body.errors).toEqual([
      {
        code: 'ObjectExists',
        message: 'Company ID already in use.',
        resource: 'company',
        field: 'identifier',
      },
    ]);
  });

  // Mwbergamo/SolutionsHub register/api/customers.php: "typeIds can only be used when creating a new company."
  it('refuses a PUT of the company as read back, on typeIds, and takes it once types are left out', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: company('PUTBACK', { types: [{ id: lookups.customer }] }),
    });
    const readBack = (await sandbox.call('GET', `/company/companies/${created.body.id}`)).body;
    const put = await sandbox.call('PUT', `/company/companies/${created.body.id}`, {
      body: { ...readBack, name: 'Put Back Ltd' },
    });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([
      {
        code: 'InvalidField',
        message: 'typeIds can only be used when creating a new company.',
        resource: 'company',
        field: 'typeIds',
      },
    ]);
    const { types: _types, ...withoutTypes } = readBack as Record<string, unknown>;
    const retried = await sandbox.call('PUT', `/company/companies/${created.body.id}`, {
      body: { ...withoutTypes, name: 'Put Back Ltd' },
    });
    expect(retried.status).toBe(200);
    expect(retried.body.name).toBe('Put Back Ltd');
    expect(retried.body.types.map((type: { id: number }) => type.id)).toEqual([lookups.customer]);
  });

  // django-connectwise djconnectwise/tests/fixtures.py (company 2 → billToCompany 2) and
  // rapid7/insightconnect-plugins plugins/connectwise/help.md (company 250 → billToCompany 250)
  it('makes a new company its own bill-to company unless the create names another', async () => {
    const created = await sandbox.call('POST', '/company/companies', { body: company('BILLSELF') });
    expect(created.body.billToCompany).toEqual({
      id: created.body.id,
      identifier: 'BILLSELF',
      name: 'BILLSELF Ltd',
      _info: { company_href: `${sandbox.sandbox.apiUrl}/company/companies/${created.body.id}` },
    });
    const other = await sandbox.call('POST', '/company/companies', {
      body: company('BILLOTHER', { billToCompany: { id: created.body.id } }),
    });
    expect(other.body.billToCompany.id).toBe(created.body.id);
  });

  // rapid7/insightconnect-plugins plugins/connectwise/help.md: territory → location_href, status → status_href,
  // types[] → type_href; django-connectwise fixtures: billToCompany → company_href, defaultContact → contact_href
  it('names reference links after the target, as ConnectWise writes them', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: company('HREFS', { status: { id: lookups.active }, types: [{ id: lookups.customer }] }),
    });
    expect(Object.keys(created.body.billToCompany._info)).toEqual(['company_href']);
    expect(Object.keys(created.body.status._info)).toEqual(['status_href']);
    expect(Object.keys(created.body.types[0]._info)).toEqual(['type_href']);
    const contact = await sandbox.call('POST', '/company/contacts', {
      body: { firstName: 'Dee', company: { id: created.body.id } },
    });
    const patched = await sandbox.call('PATCH', `/company/companies/${created.body.id}`, {
      body: [{ op: 'replace', path: 'defaultContact', value: { id: contact.body.id } }],
    });
    expect(patched.body.defaultContact._info).toEqual({
      contact_href: `${sandbox.sandbox.apiUrl}/company/contacts/${contact.body.id}`,
    });
  });

  // SQL Server's default collation (SQL_Latin1_General_CP1_CI_AS): case-insensitive, trailing spaces ignored
  it('compares text in conditions as SQL Server does: any case, trailing spaces ignored', async () => {
    await sandbox.call('POST', '/company/companies', { body: company('COLLATE ') });
    const found = await sandbox.call(
      'GET',
      `/company/companies?conditions=${encodeURIComponent('identifier = "collate"')}`,
    );
    expect(found.body.map((row: { identifier: string }) => row.identifier)).toEqual(['COLLATE ']);
    const listed = await sandbox.call(
      'GET',
      `/company/companies?conditions=${encodeURIComponent('identifier in ("COLLATE   ")')}`,
    );
    expect(listed.body).toHaveLength(1);
    const leading = await sandbox.call(
      'GET',
      `/company/companies?conditions=${encodeURIComponent('identifier = " collate"')}`,
    );
    expect(leading.body).toHaveLength(0);
  });

  // ConnectWise's PSA API Requests guide, forward-only paging: "There will always be a link header in the
  // response for the next pageId."
  it('keeps a next link on the last forward-only page, and none on the empty page after it', async () => {
    const forwardOnly = { headers: { 'pagination-type': 'forward-only' } };
    const last = await sandbox.call('GET', '/company/companies/statuses?pageSize=1000', forwardOnly);
    const next = last.headers.get('link');
    expect(next).toMatch(/pageId=\d+>; rel="next"$/);
    const empty = await sandbox.call('GET', /<([^>]+)>/.exec(next ?? '')?.[1] ?? '', forwardOnly);
    expect(empty.body).toEqual([]);
    expect(empty.headers.get('link')).toBeNull();
  });
});

describe('a schema-only sandbox (tenantRules: false)', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ tenantRules: false });
  });
  afterAll(() => sandbox.stop());

  it('takes a company without a site or bill-to, and any accountNumber length', async () => {
    const created = await sandbox.call('POST', '/company/companies', {
      body: { identifier: 'LOOSE', name: 'Loose', city: 'Tampa', accountNumber: 'a'.repeat(60) },
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('billToCompany');
    expect(created.body.site ?? null).toBeNull();
  });

  it('drops the next link on the last forward-only page', async () => {
    sandbox.sandbox.context.store.insert('company/companies/statuses', { name: 'Only' }, 'seed');
    const answer = await sandbox.call('GET', '/company/companies/statuses', {
      headers: { 'pagination-type': 'forward-only' },
    });
    expect(answer.body).toHaveLength(1);
    expect(answer.headers.get('link')).toBeNull();
  });
});

describe('single tenant rule switches', () => {
  it('leaves billToCompany empty on create with newCompanyBillTo: none', async () => {
    const sandbox = await startTestSandbox({ tenantRules: { newCompanyBillTo: 'none' } });
    try {
      const created = await sandbox.call('POST', '/company/companies', { body: company('NOBILL') });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('billToCompany');
    } finally {
      await sandbox.stop();
    }
  });
});
