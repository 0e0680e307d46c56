// An order (or an invoice) and its lines are several ConnectWise calls. When the 2nd line fails (a 500, or a create
// whose answer is lost), the retry resumes: exactly the lines of the items, none twice, none lost; and an order
// changed while its lines are being written ends with the lines of its new items. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../../src/connectwise/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import {
  linesOfInvoice,
  linesOfOrder,
  ordersWithPoNumber,
  seedOrderWorld,
  type Row,
} from '../support/orders.js';
import { linkOf } from './support/connectwise-side.js';
import {
  createFaultOnCallDispatcher,
  nthCallTo,
  setSandboxFaults,
  type FaultOnCallDispatcher,
} from './support/fault-on-call.js';

const api = { origin: 'api' as const };
const threeItems = [
  { id: 'i-1', product: { id: 'P-1' }, quantity: 1, unitPrice: '10' },
  { id: 'i-2', product: { id: 'P-2' }, quantity: 2, unitPrice: '20' },
  { id: 'i-3', product: { id: 'P-3' }, quantity: 3, unitPrice: '30' },
];

describe.each(databaseTargets())('half-written orders and invoices on $name', (target) => {
  let world: SyncWorld;
  let faults: FaultOnCallDispatcher;

  beforeAll(async () => {
    faults = createFaultOnCallDispatcher();
    world = await startSyncWorld(target, {
      apiVersion: '2025.8',
      clientOptions: { dispatcher: faults.dispatcher },
    });
    await seedOrderWorld(world);
  });
  afterAll(async () => {
    await world?.stop();
    await faults?.close();
  });

  const pushOrder = async (id: string, code: string) => {
    await world.store.upsert(
      'orders',
      id,
      { code, account: { id: 'A-1' }, orderDate: '2026-04-01', status: 'confirmed', items: threeItems },
      api,
    );
    await world.drain();
    const orders = await ordersWithPoNumber(world, code);
    expect(orders).toHaveLength(1);
    return orders[0]!;
  };

  // Lines are written at once: their ConnectWise ids follow the order the POSTs arrived in (a line retried
  // after a failure comes last), so they are compared by key.
  const byKey = (lines: Row[]) =>
    lines
      .map((line) => [line.integrationXRef, line.quantity])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  const expectThreeLines = async (orderId: number) => {
    const lines = await linesOfOrder(world, orderId);
    expect(byKey(lines)).toEqual([
      ['i-1', 1],
      ['i-2', 2],
      ['i-3', 3],
    ]);
  };

  it('a 500 on the 2nd line: the others are written and kept, the retry writes the 2nd, and the order ends with exactly 3 lines', async () => {
    faults.arm({
      matches: nthCallTo('POST', 'procurement/products', 2),
      before: () => setSandboxFaults(world.cw.sandbox.url, { timeoutErrorRate: 1 }),
      after: () => setSandboxFaults(world.cw.sandbox.url, { timeoutErrorRate: 0 }),
    });
    const order = await pushOrder('H-1', 'SO-H1');
    expect(faults.fired()).toBe(true);
    await expectThreeLines(order.id);
    const link = await linkOf(world, 'orders', 'H-1');
    expect(link?.pushedBody.lines).toMatchObject({ byKey: { 'i-1': {}, 'i-2': {}, 'i-3': {} } });
    expect((link?.pushedBody.lines as { writing?: boolean }).writing).toBeUndefined();
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('the 2nd line is made but its answer is lost: the retry finds it by its key, and makes no second one', async () => {
    faults.arm({
      matches: nthCallTo('POST', 'procurement/products', 2),
      before: () => setSandboxFaults(world.cw.sandbox.url, { lostCreateAnswerRate: 1 }),
      after: () => setSandboxFaults(world.cw.sandbox.url, { lostCreateAnswerRate: 0 }),
    });
    const order = await pushOrder('H-2', 'SO-H2');
    expect(faults.fired()).toBe(true);
    await expectThreeLines(order.id);
    const calls = (await world.calls()).endpoints.find(
      (endpoint) => endpoint.method === 'POST' && endpoint.route.endsWith('/procurement/products'),
    ) as { statuses?: Record<string, number> } | undefined;
    expect(calls?.statuses?.['answer-lost']).toBe(1);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('an invoice whose 2nd line fails ends, after the retry, with exactly its 3 lines', async () => {
    faults.arm({
      matches: nthCallTo('POST', 'procurement/products', 2),
      before: () => setSandboxFaults(world.cw.sandbox.url, { timeoutErrorRate: 1 }),
      after: () => setSandboxFaults(world.cw.sandbox.url, { timeoutErrorRate: 0 }),
    });
    await world.store.upsert(
      'invoices',
      'HI-1',
      { number: 'INV-H1', account: { id: 'A-1' }, invoiceDate: '2026-04-02', items: threeItems },
      api,
    );
    await world.drain();
    expect(faults.fired()).toBe(true);
    const invoices = await world.cw.client
      .resource<Row>('finance/invoices')
      .page({ conditions: where('reference', '=', 'INV-H1') });
    expect(invoices.items).toHaveLength(1);
    const lines = await linesOfInvoice(world, invoices.items[0]!.id);
    expect(byKey(lines)).toEqual([
      ['i-1', 1],
      ['i-2', 2],
      ['i-3', 3],
    ]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('an order changed while its lines are being written ends with the lines of its new items', async () => {
    faults.arm({
      matches: nthCallTo('POST', 'procurement/products', 2),
      // While the 2nd line is on its way: an item added, the 1st changed, the 3rd removed.
      before: async () => {
        await world.store.update(
          'orders',
          'H-3',
          {
            items: [
              { ...threeItems[0], quantity: 5 },
              threeItems[1],
              { id: 'i-4', product: { id: 'P-3' }, quantity: 4, unitPrice: '40' },
            ],
          },
          api,
        );
      },
    });
    const order = await pushOrder('H-3', 'SO-H3');
    expect(faults.fired()).toBe(true);
    await world.drain();
    const lines = await linesOfOrder(world, order.id);
    expect(lines.map((line) => [line.integrationXRef, line.quantity])).toEqual([
      ['i-1', 5],
      ['i-2', 2],
      ['i-4', 4],
    ]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
});
