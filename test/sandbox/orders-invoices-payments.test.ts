// What ConnectWise enforces on sales orders, product lines, invoices and invoice payments, per API version, as the
// sandbox must (connectwise-api.md §12.4–12.8 and §13.4): what cwsync's orders, invoices and payments rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/sandbox/context.js';
import { startTestSandbox, type JsonBody, type TestSandbox } from './support/sandbox-client.js';

const fieldsOf = (body: JsonBody): string[] =>
  (body.errors as Array<{ code: string; field: string }>)
    .map((error) => `${error.code}:${error.field}`)
    .sort();

describe.each<ApiVersion>(['2022.1', '2025.8', '2026.4'])(
  'orders, lines, invoices and payments in %s',
  (version) => {
    let sandbox: TestSandbox;
    let companyId: number;
    let catalogItemId: number;
    let statusId: number;
    const newer = version !== '2022.1';

    beforeAll(async () => {
      sandbox = await startTestSandbox({ seed: 'demo', apiVersion: version });
      const company = await sandbox.call('POST', '/company/companies', {
        body: { identifier: 'ORD1', name: 'Orders Ltd', city: 'Tampa', site: { name: 'Main' } },
      });
      companyId = company.body.id;
      const catalog = await sandbox.call('POST', '/procurement/catalog', {
        body: {
          identifier: 'SKU-1',
          description: 'Widget',
          customerDescription: 'A widget',
          subcategory: { id: 1 },
          type: { id: 1 },
        },
      });
      expect(catalog.status).toBe(201);
      catalogItemId = catalog.body.id;
      statusId = (await sandbox.call('GET', '/sales/orders/statuses')).body[0].id;
    });
    afterAll(() => sandbox?.stop());

    it('refuses an order whose PO number is longer than 50, or whose status or sales rep does not exist', async () => {
      const answer = await sandbox.call('POST', '/sales/orders', {
        body: {
          company: { id: companyId },
          status: { id: 9999 },
          salesRep: { id: 9999 },
          poNumber: 'P'.repeat(51),
        },
      });
      expect(answer.status).toBe(400);
      expect(fieldsOf(answer.body)).toEqual([
        'MaxLengthField:poNumber',
        'NotFound:salesRep/id',
        'NotFound:status/id',
      ]);
      const fits = await sandbox.call('POST', '/sales/orders', {
        body: {
          company: { id: companyId },
          status: { id: statusId },
          salesRep: { id: 1 },
          poNumber: 'P'.repeat(50),
        },
      });
      expect(fits.status).toBe(201);
    });

    it(`needs a product line's catalog item ${newer ? 'from 2025.8 on' : 'only from 2025.8 on (not here)'}`, async () => {
      const answer = await sandbox.call('POST', '/procurement/products', {
        body: { billableOption: 'Billable', quantity: 1, description: 'No catalog item' },
      });
      expect(answer.status).toBe(newer ? 400 : 201);
      if (newer) expect(fieldsOf(answer.body)).toEqual(['MissingRequiredField:catalogItem']);
    });

    it("checks a product line's billable option (required, one of three), description (2000) and catalog item", async () => {
      const missing = await sandbox.call('POST', '/procurement/products', {
        body: { catalogItem: { id: catalogItemId }, quantity: 1 },
      });
      expect(fieldsOf(missing.body)).toEqual(['MissingRequiredField:billableOption']);
      const wrong = await sandbox.call('POST', '/procurement/products', {
        body: {
          catalogItem: { id: 9999 },
          billableOption: 'Sometimes',
          description: 'd'.repeat(2001),
        },
      });
      expect(wrong.status).toBe(400);
      expect(fieldsOf(wrong.body)).toEqual([
        'InvalidField:billableOption',
        'MaxLengthField:description',
        'NotFound:catalogItem/id',
      ]);
      const fits = await sandbox.call('POST', '/procurement/products', {
        body: {
          catalogItem: { id: catalogItemId },
          billableOption: 'NoCharge',
          description: 'd'.repeat(2000),
        },
      });
      expect(fits.status).toBe(201);
    });

    it(`needs an invoice's company ${newer ? 'from 2025.8 on' : 'only from 2025.8 on (not here)'}, and keeps reference within 50`, async () => {
      const noCompany = await sandbox.call('POST', '/finance/invoices', { body: { type: 'Standard' } });
      expect(noCompany.status).toBe(newer ? 400 : 201);
      if (newer) expect(fieldsOf(noCompany.body)).toEqual(['MissingRequiredField:company']);
      const long = await sandbox.call('POST', '/finance/invoices', {
        body: {
          type: 'Standard',
          company: { id: companyId },
          reference: 'R'.repeat(51),
          customerPO: 'C'.repeat(51),
        },
      });
      expect(fieldsOf(long.body)).toEqual(['MaxLengthField:customerPO', 'MaxLengthField:reference']);
    });

    it('needs a payment amount and date, and an invoice that exists', async () => {
      const invoice = await sandbox.call('POST', '/finance/invoices', {
        body: { type: 'Standard', company: { id: companyId } },
      });
      const empty = await sandbox.call('POST', `/finance/invoices/${invoice.body.id}/payments`, { body: {} });
      expect(empty.status).toBe(400);
      expect(fieldsOf(empty.body)).toEqual([
        'MissingRequiredField:amount',
        'MissingRequiredField:paymentDate',
      ]);
      const orphan = await sandbox.call('POST', '/finance/invoices/99999/payments', {
        body: { amount: 1, paymentDate: '2026-01-01T00:00:00Z' },
      });
      expect(orphan.status).toBe(404);
      const paid = await sandbox.call('POST', `/finance/invoices/${invoice.body.id}/payments`, {
        body: { amount: 1, paymentDate: '2026-01-01T00:00:00Z' },
      });
      expect(paid.status).toBe(201);
    });
  },
);
