// Payments → ConnectWise invoice payments, under the paid invoice's path, end to end over HTTP on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { callDeltas, seedOrderWorld, type Row } from './support/orders.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('payments to ConnectWise invoice payments on $name', (target) => {
  let world: SyncWorld;
  const invoiceIdOf = async (reference: string) =>
    (
      await world.cw.client
        .resource<Row>('finance/invoices')
        .page({ conditions: where('reference', '=', reference) })
    ).items[0]?.id;
  const paymentsOf = async (invoiceId: number) =>
    (await world.cw.client.resource<Row>(`finance/invoices/${invoiceId}/payments`).page()).items;

  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2025.8' });
    await seedOrderWorld(world, { creditCardMethodId: 'card' });
    await world.store.upsert('payment-methods', 'card', { name: 'Credit card', isCreditCard: true }, api);
    await world.store.upsert('payment-methods', 'wire', { name: 'Bank transfer' }, api);
    await world.store.upsert(
      'invoices',
      'I-1',
      { number: 'INV-1', account: { id: 'A-1' }, invoiceDate: '2026-06-01' },
      api,
    );
    await world.drain();
  });
  afterAll(() => world?.stop());

  it('creates the payment under its invoice with amount, date and the credit-card type', async () => {
    const calls = await callDeltas(world);
    await world.store.upsert(
      'payments',
      'Y-1',
      { invoice: { id: 'I-1' }, amount: '120.50', date: '2026-06-02', paymentMethod: { id: 'card' } },
      api,
    );
    await world.drain();
    expect(await calls()).toEqual({ 'POST finance/invoices/{parentId}/payments': 1 });
    const invoiceId = (await invoiceIdOf('INV-1'))!;
    const payments = await paymentsOf(invoiceId);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      invoice: { id: invoiceId },
      amount: 120.5,
      paymentDate: '2026-06-02T00:00:00Z',
      type: 'Credit Card',
    });
    const stored = await world.store.get('payments', 'Y-1');
    expect(stored?.integrationIds).toMatchObject({ sandbox: String(payments[0]!.id) });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('a payment by another method leaves the type to ConnectWise; a changed amount is one PATCH under the invoice', async () => {
    await world.store.upsert(
      'payments',
      'Y-2',
      { invoice: { id: 'I-1' }, amount: '10', date: '2026-06-03', paymentMethod: { id: 'wire' } },
      api,
    );
    await world.drain();
    const invoiceId = (await invoiceIdOf('INV-1'))!;
    const wire = (await paymentsOf(invoiceId)).find((payment) => payment.amount === 10)!;
    expect(wire.type ?? null).toBeNull();

    const calls = await callDeltas(world);
    await world.store.update('payments', 'Y-2', { amount: '12.25' }, api);
    await world.drain();
    expect(await calls()).toEqual({ 'PATCH finance/invoices/{parentId}/payments/{id}': 1 });
    const after = await paymentsOf(invoiceId);
    expect(after.find((payment) => payment.id === wire.id)).toMatchObject({ amount: 12.25 });
    expect(after).toHaveLength(2);
  });

  it('a payment before its invoice waits for it, then is pushed once the invoice is', async () => {
    // The invoice cannot be pushed yet: its currency is not mapped.
    await world.store.upsert('currencies', 'EUR', { name: 'Euro', code: 'EUR', symbol: '€' }, api);
    await world.store.upsert(
      'invoices',
      'I-2',
      { number: 'INV-2', account: { id: 'A-1' }, invoiceDate: '2026-06-05', currency: { id: 'EUR' } },
      api,
    );
    await world.store.upsert(
      'payments',
      'Y-3',
      { invoice: { id: 'I-2' }, amount: '50', date: '2026-06-06' },
      api,
    );
    await world.drain();
    expect(await invoiceIdOf('INV-2')).toBeUndefined();
    const waiting = (await world.sync.reports.list({ instanceId: world.instanceId })).entries;
    expect(waiting.find((entry) => entry.recordId === 'Y-3')).toMatchObject({
      module: 'payments',
      outcome: 'waiting',
      message: 'waiting for invoices I-2',
    });
    expect(waiting.find((entry) => entry.recordId === 'I-2')).toMatchObject({ outcome: 'failed' });

    // Once the invoice is corrected (only it changes), the payment is woken and follows it, with no other nudge.
    await world.store.update('invoices', 'I-2', { currency: { id: 'USD' } }, api);
    await world.drain();
    const invoiceId = await invoiceIdOf('INV-2');
    expect(invoiceId).toBeDefined();
    expect(await paymentsOf(invoiceId!)).toEqual([expect.objectContaining({ amount: 50 })]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
  it('a method mapped in the PaymentMethod lookup sends its text as the type, the credit-card method too', async () => {
    await world.lookups.set(world.instanceId, {
      lookup: 'PaymentMethod',
      internalId: 'wire',
      integrationId: 'Wire Transfer',
    });
    await world.lookups.set(world.instanceId, {
      lookup: 'PaymentMethod',
      internalId: 'card',
      integrationId: 'Visa',
    });
    await world.sync.runtimes.invalidate(world.instanceId); // a running sync sees a lookup change within 2 s
    await world.store.upsert(
      'invoices',
      'I-3',
      { number: 'INV-3', account: { id: 'A-1' }, invoiceDate: '2026-06-07' },
      api,
    );
    await world.store.upsert(
      'payments',
      'Y-4',
      { invoice: { id: 'I-3' }, amount: '7', date: '2026-06-08', paymentMethod: { id: 'wire' } },
      api,
    );
    await world.store.upsert(
      'payments',
      'Y-5',
      { invoice: { id: 'I-3' }, amount: '8', date: '2026-06-08', paymentMethod: { id: 'card' } },
      api,
    );
    await world.drain();
    const payments = await paymentsOf((await invoiceIdOf('INV-3'))!);
    expect(payments.map((payment) => [payment.amount, payment.type]).sort()).toEqual([
      [7, 'Wire Transfer'],
      [8, 'Visa'],
    ]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
});
