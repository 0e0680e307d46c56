// Invoices → ConnectWise invoices and their items → product lines, end to end over HTTP on both databases (API
// 2025.8: an invoice needs its company; an update needs invoiceNumber and locationId; a line its catalog item).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import {
  callDeltas,
  linesOfInvoice,
  ordersWithPoNumber,
  seedOrderWorld,
  type Row,
} from './support/orders.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('invoices to ConnectWise invoices on $name', (target) => {
  let world: SyncWorld;
  let seeded: Awaited<ReturnType<typeof seedOrderWorld>>;
  const invoiceOf = async (reference: string) => {
    const found = await world.cw.client
      .resource<Row>('finance/invoices')
      .page({ conditions: where('reference', '=', reference) });
    expect(found.items).toHaveLength(1);
    return found.items[0]!;
  };

  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2025.8' });
    seeded = await seedOrderWorld(world, { productBillableOption: 'NoCharge' });
  });
  afterAll(() => world?.stop());

  it('creates the invoice with every mapped field, then its lines with the Product Billable Option', async () => {
    const calls = await callDeltas(world);
    await world.store.upsert(
      'invoices',
      'I-1',
      {
        number: 'INV-2026-000001',
        account: { id: 'A-1' },
        invoiceDate: '2026-05-01',
        dueDate: '2026-05-31',
        currency: { id: 'USD' },
        notes: 'Thank you for your business.',
        items: [
          { id: 'l-1', product: { id: 'P-1' }, quantity: 4, unitPrice: '22.50', description: 'M365, May' },
          { id: 'l-2', product: { id: 'P-2' }, quantity: 1, unitPrice: '9.99' },
        ],
      },
      api,
    );
    await world.drain();
    expect(await calls()).toEqual({
      'GET finance/invoices': 1,
      'POST finance/invoices': 1,
      'POST procurement/products': 2,
    });
    const invoice = await invoiceOf('INV-2026-000001');
    expect(invoice).toMatchObject({
      type: 'Miscellaneous',
      departmentId: 7,
      company: { id: seeded.companyId },
      billToCompany: { id: seeded.companyId },
      date: '2026-05-01T00:00:00Z',
      dueDate: '2026-05-31T00:00:00Z',
      invoiceNumber: 'INV-2026-000001',
      reference: 'INV-2026-000001',
      currency: { id: world.ids.usd },
      locationId: seeded.locationId,
      internalNotes: 'Thank you for your business.',
    });
    expect(invoice.salesOrder ?? null).toBeNull();
    const lines = await linesOfInvoice(world, invoice.id);
    expect(lines).toHaveLength(2);
    const common = {
      invoice: { id: invoice.id },
      billableOption: 'NoCharge',
      locationId: seeded.locationId,
      businessUnitId: 7,
    };
    expect(lines[0]).toMatchObject({
      ...common,
      catalogItem: { id: seeded.catalogIds['P-1'] },
      quantity: 4,
      price: 22.5,
      description: 'M365, May',
      customerDescription: 'M365, May',
      integrationXRef: 'l-1',
    });
    expect(lines[1]).toMatchObject({
      ...common,
      catalogItem: { id: seeded.catalogIds['P-2'] },
      price: 9.99,
      description: 'Azure Backup',
      integrationXRef: 'l-2',
    });
    const stored = await world.store.get('invoices', 'I-1');
    expect(stored?.integrationIds).toMatchObject({ sandbox: String(invoice.id) });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('an invoice number longer than ConnectWise keeps: its last 15 characters, the whole as reference', async () => {
    await world.store.upsert(
      'invoices',
      'I-2',
      { number: 'NORTHWIND-2026-05-000042', account: { id: 'A-1' }, invoiceDate: '2026-05-02' },
      api,
    );
    await world.drain();
    const invoice = await invoiceOf('NORTHWIND-2026-05-000042');
    expect(invoice.invoiceNumber).toBe('-2026-05-000042');
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('an update is accepted by ConnectWise (number and location held) and writes only what changed', async () => {
    await world.drain();
    let calls = await callDeltas(world);
    await world.store.update('invoices', 'I-1', { notes: 'Thank you for your business.' }, api);
    await world.drain();
    expect(await calls()).toEqual({});

    calls = await callDeltas(world);
    const current = await world.store.get('invoices', 'I-1');
    const items = current!.items as Array<Record<string, unknown>>;
    await world.store.update(
      'invoices',
      'I-1',
      { dueDate: '2026-06-15', items: [{ ...items[0], quantity: 5 }] },
      api,
    );
    await world.drain();
    expect(await calls()).toEqual({
      'PATCH finance/invoices/{id}': 1,
      'PATCH procurement/products/{id}': 1,
      'DELETE procurement/products/{id}': 1,
    });
    const invoice = await invoiceOf('INV-2026-000001');
    expect(invoice.dueDate).toBe('2026-06-15T00:00:00Z');
    const lines = await linesOfInvoice(world, invoice.id);
    expect(lines.map((line) => [line.integrationXRef, line.quantity])).toEqual([['l-1', 5]]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('an invoice of an order has the order synced first, and names it', async () => {
    await world.store.upsert(
      'orders',
      'O-9',
      { code: 'SO-9001', account: { id: 'A-1' }, orderDate: '2026-05-03', status: 'completed' },
      api,
    );
    await world.store.upsert(
      'invoices',
      'I-3',
      { number: 'INV-9001', account: { id: 'A-1' }, order: { id: 'O-9' }, invoiceDate: '2026-05-04' },
      api,
    );
    await world.drain();
    const [order] = await ordersWithPoNumber(world, 'SO-9001');
    const invoice = await invoiceOf('INV-9001');
    expect(invoice.salesOrder).toMatchObject({ id: order!.id });
  });

  it('the Invoice Type server variable Standard makes Standard invoices, without a department', async () => {
    const current = await world.instances.get(world.instanceId);
    await world.instances.update(world.instanceId, {
      serverVariables: { ...current!.serverVariables, invoiceType: 'Standard' },
    });
    await world.store.upsert(
      'invoices',
      'I-4',
      { number: 'INV-STD-1', account: { id: 'A-1' }, invoiceDate: '2026-05-05' },
      api,
    );
    await world.sync.retryNotInStep(world.instanceId); // reads the changed settings at once
    await world.drain();
    const invoice = await invoiceOf('INV-STD-1');
    expect(invoice.type).toBe('Standard');
    expect(invoice.departmentId ?? null).toBeNull();
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
});
