// What ConnectWise enforces for catalog items, agreements and agreement additions, per API version, as cwsync's
// products and subscriptions meet it (connectwise-api.md §12.7 and the schema digest).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/sandbox/context.js';
import { startTestSandbox, type JsonBody, type TestSandbox } from './support/sandbox-client.js';

const fieldsOf = (body: JsonBody) =>
  (body.errors as Array<{ code: string; field: string }>)
    .map((error) => `${error.code}:${error.field}`)
    .sort();

async function firstIdNamed(sandbox: TestSandbox, resource: string, name: string): Promise<number> {
  const answer = await sandbox.call('GET', `/${resource}?conditions=${encodeURIComponent(`name="${name}"`)}`);
  expect(answer.body, `${resource} ${name} is seeded`).toHaveLength(1);
  return answer.body[0].id;
}

describe.each(['2022.1', '2025.8', '2026.4'] as ApiVersion[])('catalog items in API %s', (apiVersion) => {
  let sandbox: TestSandbox;
  let valid: Record<string, unknown>;
  const newer = apiVersion !== '2022.1';
  beforeAll(async () => {
    sandbox = await startTestSandbox({ apiVersion, seed: 'demo' });
    valid = {
      description: 'Widget',
      customerDescription: 'A widget',
      category: { id: await firstIdNamed(sandbox, 'procurement/categories', 'Software') },
      subcategory: { id: await firstIdNamed(sandbox, 'procurement/subcategories', 'Productivity') },
      unitOfMeasure: { id: await firstIdNamed(sandbox, 'procurement/unitOfMeasures', 'License') },
      type: { id: await firstIdNamed(sandbox, 'procurement/types', 'Non-Inventory') },
    };
  });
  afterAll(() => sandbox.stop());
  const post = (body: Record<string, unknown>) => sandbox.call('POST', '/procurement/catalog', { body });

  it(`takes an identifier of up to ${newer ? 75 : 60} characters`, async () => {
    const limit = newer ? 75 : 60;
    expect((await post({ ...valid, identifier: 'A'.repeat(limit) })).status).toBe(201);
    const tooLong = await post({ ...valid, identifier: 'B'.repeat(limit + 1) });
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong.body)).toEqual(['MaxLengthField:identifier']);
  });

  it('keeps description to 60, customerDescription to 6000 and integrationXRef to 50 characters', async () => {
    expect(
      (
        await post({
          ...valid,
          identifier: 'LEN-OK',
          description: 'd'.repeat(60),
          customerDescription: 'c'.repeat(6000),
          integrationXRef: 'x'.repeat(50),
        })
      ).status,
    ).toBe(201);
    const answer = await post({
      ...valid,
      identifier: 'LEN-BAD',
      description: 'd'.repeat(61),
      customerDescription: 'c'.repeat(6001),
      integrationXRef: 'x'.repeat(51),
    });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toEqual([
      'MaxLengthField:customerDescription',
      'MaxLengthField:description',
      'MaxLengthField:integrationXRef',
    ]);
  });

  it(`requires identifier, description and customerDescription${newer ? ', subcategory and type' : ''}`, async () => {
    const answer = await post({ category: valid.category });
    expect(answer.status).toBe(400);
    const required = [
      'customerDescription',
      'description',
      'identifier',
      ...(newer ? ['subcategory', 'type'] : []),
    ];
    expect(fieldsOf(answer.body)).toEqual(required.sort().map((field) => `MissingRequiredField:${field}`));
  });

  it('checks productClass against its enum', async () => {
    const answer = await post({ ...valid, identifier: 'CLASS-1', productClass: 'Software' });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toEqual(['InvalidField:productClass']);
    expect((await post({ ...valid, identifier: 'CLASS-2', productClass: 'Agreement' })).status).toBe(201);
  });

  it('refuses a category, subcategory, unit of measure or type that does not exist', async () => {
    const missing = { id: 99_999 };
    for (const field of ['category', 'subcategory', 'unitOfMeasure', 'type']) {
      const answer = await post({ ...valid, identifier: `REF-${field}`, [field]: missing });
      expect(answer.status, field).toBe(400);
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual([`${field}/id`]);
    }
  });
});

describe.each(['2022.1', '2025.8', '2026.4'] as ApiVersion[])(
  'agreements and their additions in API %s',
  (apiVersion) => {
    let sandbox: TestSandbox;
    const ids = { company: 0, contact: 0, monthly: 0, catalogItem: 0, agreement: 0 };
    beforeAll(async () => {
      sandbox = await startTestSandbox({ apiVersion, seed: 'demo' });
      const company = await sandbox.call('POST', '/company/companies', {
        body: { identifier: 'AGR1', name: 'Agreement Co', city: 'Tampa', site: { name: 'Main' } },
      });
      expect(company.status, JSON.stringify(company.body)).toBe(201);
      ids.company = company.body.id;
      ids.contact = (
        await sandbox.call('POST', '/company/contacts', {
          body: { firstName: 'Ann', company: { id: ids.company } },
        })
      ).body.id;
      ids.monthly = await firstIdNamed(sandbox, 'finance/agreements/types', 'Subscriptions Monthly');
      await firstIdNamed(sandbox, 'finance/agreements/types', 'Subscriptions Annual');
      ids.catalogItem = (
        await sandbox.call('POST', '/procurement/catalog', {
          body: {
            identifier: 'SUB-1',
            description: 'Subscription',
            customerDescription: 'Subscription',
            subcategory: { id: 1 },
            type: { id: 1 },
          },
        })
      ).body.id;
    });
    afterAll(() => sandbox.stop());

    it('requires an agreement name (100), type, company and contact, each existing', async () => {
      const missing = await sandbox.call('POST', '/finance/agreements', { body: {} });
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.body)).toEqual([
        'MissingRequiredField:company',
        'MissingRequiredField:contact',
        'MissingRequiredField:name',
        'MissingRequiredField:type',
      ]);
      const valid = {
        name: 'n'.repeat(100),
        type: { id: ids.monthly },
        company: { id: ids.company },
        contact: { id: ids.contact },
      };
      const tooLong = await sandbox.call('POST', '/finance/agreements', {
        body: { ...valid, name: 'n'.repeat(101) },
      });
      expect(fieldsOf(tooLong.body)).toEqual(['MaxLengthField:name']);
      const noType = await sandbox.call('POST', '/finance/agreements', {
        body: { ...valid, type: { id: 99_999 } },
      });
      expect(noType.status).toBe(400);
      expect(noType.body.errors.map((error: { field: string }) => error.field)).toEqual(['type/id']);
      const created = await sandbox.call('POST', '/finance/agreements', { body: valid });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.agreement = created.body.id;
      const found = await sandbox.call(
        'GET',
        `/finance/agreements?conditions=${encodeURIComponent(`company/id=${ids.company} and type/id=${ids.monthly}`)}`,
      );
      expect(found.status, JSON.stringify(found.body)).toBe(200);
      expect(found.body.map((row: { id: number }) => row.id)).toEqual([ids.agreement]);
    });

    it('requires an addition product (existing) and billCustomer (Billable, DoNotBill or NoCharge)', async () => {
      const additions = `/finance/agreements/${ids.agreement}/additions`;
      const missing = await sandbox.call('POST', additions, { body: { quantity: 1 } });
      expect(fieldsOf(missing.body)).toEqual([
        'MissingRequiredField:billCustomer',
        'MissingRequiredField:product',
      ]);
      const badEnum = await sandbox.call('POST', additions, {
        body: { product: { id: ids.catalogItem }, billCustomer: 'Sometimes' },
      });
      expect(fieldsOf(badEnum.body)).toEqual(['InvalidField:billCustomer']);
      const noProduct = await sandbox.call('POST', additions, {
        body: { product: { id: 99_999 }, billCustomer: 'Billable' },
      });
      expect(noProduct.status).toBe(400);
      expect(noProduct.body.errors.map((error: { field: string }) => error.field)).toEqual(['product/id']);
    });

    it('keeps an addition under an agreement that exists, and ends it with a cancelled date', async () => {
      const orphan = await sandbox.call('POST', '/finance/agreements/99999/additions', {
        body: { product: { id: ids.catalogItem }, billCustomer: 'Billable' },
      });
      expect(orphan.status).toBe(404);
      const additions = `/finance/agreements/${ids.agreement}/additions`;
      const created = await sandbox.call('POST', additions, {
        body: {
          product: { id: ids.catalogItem },
          billCustomer: 'Billable',
          quantity: 2,
          unitPrice: 10,
          effectiveDate: '2026-01-01T00:00:00Z',
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.agreementId).toBe(ids.agreement);
      // the addition screen's custom fields are listed, with no value
      expect(
        created.body.customFields.map((field: { caption: string; value: unknown }) => [
          field.caption,
          field.value,
        ]),
      ).toEqual([
        ['Subscription Name', null],
        ['Subscription ID', null],
      ]);
      const ended = await sandbox.call('PATCH', `${additions}/${created.body.id}`, {
        body: [{ op: 'replace', path: 'cancelledDate', value: '2026-06-30T00:00:00Z' }],
      });
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
      expect(ended.body.cancelledDate).toBe('2026-06-30T00:00:00Z');
    });
  },
);
