import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCompanyLookups } from './support/reference-rows.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

async function createCompany(sandbox: TestSandbox, identifier: string): Promise<number> {
  const answer = await sandbox.call('POST', '/company/companies', {
    body: { identifier, name: identifier, city: 'Tampa', site: { name: 'Main' } },
  });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

describe('finance, sales and procurement resources (2022.1)', () => {
  let sandbox: TestSandbox;
  let companyId: number;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    insertCompanyLookups(sandbox.sandbox.context.store);
    companyId = await createCompany(sandbox, 'FIN1');
  });
  afterAll(() => sandbox.stop());

  it('requires invoiceNumber and locationId on invoice updates, not on create', async () => {
    const created = await sandbox.call('POST', '/finance/invoices', {
      body: { type: 'Standard', company: { id: companyId } },
    });
    expect(created.status).toBe(201);
    expect(created.body.company).toMatchObject({ id: companyId, identifier: 'FIN1', name: 'FIN1' });
    const missing = await sandbox.call('PUT', `/finance/invoices/${created.body.id}`, {
      body: { type: 'Standard', company: { id: companyId } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('invoice object is invalid');
    expect(missing.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'invoiceNumber',
      'locationId',
    ]);
    const complete = await sandbox.call('PUT', `/finance/invoices/${created.body.id}`, {
      body: { type: 'Standard', company: { id: companyId }, invoiceNumber: 'INV-1', locationId: 1 },
    });
    expect(complete.status).toBe(200);
  });

  it('checks the invoice type against its enum and invoiceNumber against its length', async () => {
    const answer = await sandbox.call('POST', '/finance/invoices', {
      body: { type: 'Consolidated', invoiceNumber: 'X'.repeat(16) },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(2);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'InvalidField', field: 'type' }),
        expect.objectContaining({ code: 'MaxLengthField', field: 'invoiceNumber' }),
      ]),
    );
  });

  it('keeps payments under their invoice', async () => {
    const invoice = await sandbox.call('POST', '/finance/invoices', {
      body: { type: 'Standard', company: { id: companyId } },
    });
    const payment = await sandbox.call('POST', `/finance/invoices/${invoice.body.id}/payments`, {
      body: { amount: 12.5, paymentDate: '2026-01-31T00:00:00Z' },
    });
    expect(payment.status).toBe(201);
    expect(payment.body.invoice.id).toBe(invoice.body.id);
    const listed = await sandbox.call('GET', `/finance/invoices/${invoice.body.id}/payments`);
    expect(listed.body.map((row: { amount: number }) => row.amount)).toEqual([12.5]);
    const count = await sandbox.call('GET', `/finance/invoices/${invoice.body.id}/payments/count`);
    expect(count.body).toEqual({ count: 1 });
  });

  it('requires company, status and salesRep on orders even in 2022.1', async () => {
    const answer = await sandbox.call('POST', '/sales/orders', { body: { poNumber: 'PO-1' } });
    expect(answer.status).toBe(400);
    expect(
      answer.body.errors
        .map((error: { field: string; code: string }) => `${error.code}:${error.field}`)
        .sort(),
    ).toEqual([
      'MissingRequiredField:company',
      'MissingRequiredField:salesRep',
      'MissingRequiredField:status',
    ]);
    const status = await sandbox.call('POST', '/sales/orders/statuses', { body: { name: 'New' } });
    const members = await sandbox.call('GET', '/system/members?conditions=identifier="cwsync"');
    const order = await sandbox.call('POST', '/sales/orders', {
      body: {
        company: { id: companyId },
        status: { id: status.body.id },
        salesRep: { identifier: 'cwsync' },
      },
    });
    expect(order.status).toBe(201);
    expect(order.body.salesRep).toMatchObject({ id: members.body[0].id, identifier: 'cwsync' });
  });

  it('rejects a duplicate catalog identifier with ObjectExists', async () => {
    const item = { identifier: 'SKU-1', description: 'Widget', customerDescription: 'A widget' };
    expect((await sandbox.call('POST', '/procurement/catalog', { body: item })).status).toBe(201);
    const duplicate = await sandbox.call('POST', '/procurement/catalog', {
      body: { ...item, identifier: 'sku-1' },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors).toEqual([
      expect.objectContaining({ code: 'ObjectExists', resource: 'catalogItem', field: 'identifier' }),
    ]);
  });

  it('requires customerDescription on product line updates', async () => {
    const catalog = await sandbox.call('POST', '/procurement/catalog', {
      body: { identifier: 'SKU-2', description: 'Gadget', customerDescription: 'A gadget' },
    });
    const product = await sandbox.call('POST', '/procurement/products', {
      body: { catalogItem: { id: catalog.body.id }, billableOption: 'Billable', quantity: 2 },
    });
    expect(product.status).toBe(201);
    expect(product.body.catalogItem).toMatchObject({ id: catalog.body.id, identifier: 'SKU-2' });
    const update = await sandbox.call('PATCH', `/procurement/products/${product.body.id}`, {
      body: [{ op: 'replace', path: 'quantity', value: 3 }],
    });
    expect(update.status).toBe(400);
    expect(update.body.errors.map((error: { field: string }) => error.field)).toContain(
      'customerDescription',
    );
  });

  it('keeps agreement additions under their agreement', async () => {
    const contact = await sandbox.call('POST', '/company/contacts', { body: { firstName: 'Ann' } });
    const type = await sandbox.call('POST', '/finance/agreements/types', {
      body: {
        name: 'Subscriptions Monthly',
        employeeCompRate: 'Actual',
        employeeCompNotExceed: 'Billing',
        invoicingCycle: 'CalendarYear',
        billTime: 'Billable',
        billExpenses: 'Billable',
        billProducts: 'Billable',
      },
    });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const agreement = await sandbox.call('POST', '/finance/agreements', {
      body: {
        name: 'Acme subs',
        type: { id: type.body.id },
        company: { id: companyId },
        contact: { id: contact.body.id },
      },
    });
    expect(agreement.status, JSON.stringify(agreement.body)).toBe(201);
    const catalog = await sandbox.call('POST', '/procurement/catalog', {
      body: { identifier: 'SUB-1', description: 'Sub', customerDescription: 'Subscription' },
    });
    const addition = await sandbox.call('POST', `/finance/agreements/${agreement.body.id}/additions`, {
      body: { product: { id: catalog.body.id }, billCustomer: 'Billable', quantity: 5 },
    });
    expect(addition.status, JSON.stringify(addition.body)).toBe(201);
    expect(addition.body.agreementId).toBe(agreement.body.id);
    expect(addition.body.product).toMatchObject({ id: catalog.body.id, identifier: 'SUB-1' });
  });
});

describe('invoice type enum per API version', () => {
  it('accepts the Consolidated type only from 2026.4 on', async () => {
    const older = await startTestSandbox({ apiVersion: '2022.1' });
    const newer = await startTestSandbox({ apiVersion: '2026.4' });
    try {
      for (const sandbox of [older, newer]) insertCompanyLookups(sandbox.sandbox.context.store);
      const olderCompany = await createCompany(older, 'CONS1');
      const newerCompany = await createCompany(newer, 'CONS1');
      const body = (id: number) => ({ body: { type: 'Consolidated', company: { id } } });
      expect((await older.call('POST', '/finance/invoices', body(olderCompany))).status).toBe(400);
      expect((await newer.call('POST', '/finance/invoices', body(newerCompany))).status).toBe(201);
    } finally {
      await older.stop();
      await newer.stop();
    }
  });
});

describe('catalog requirements per API version', () => {
  it('needs subcategory and type from 2025.8 on', async () => {
    const item = { identifier: 'SKU-9', description: 'Widget', customerDescription: 'A widget' };
    const older = await startTestSandbox({ apiVersion: '2022.1' });
    const newer = await startTestSandbox({ apiVersion: '2025.8' });
    try {
      expect((await older.call('POST', '/procurement/catalog', { body: item })).status).toBe(201);
      const answer = await newer.call('POST', '/procurement/catalog', { body: item });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'subcategory',
        'type',
      ]);
    } finally {
      await older.stop();
      await newer.stop();
    }
  });
});
