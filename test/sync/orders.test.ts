// Orders → ConnectWise sales orders and their items → product lines, end to end over HTTP on both databases
// (API 2025.8, where an order needs company, status and salesRep, and a line needs its catalog item).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import {
  billingAddress,
  callDeltas,
  linesOfOrder,
  ordersWithPoNumber,
  seedOrderWorld,
  type Row,
} from './support/orders.js';
import { upsertContact } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('orders to ConnectWise sales orders on $name', (target) => {
  let world: SyncWorld;
  let seeded: Awaited<ReturnType<typeof seedOrderWorld>>;
  const orderOf = async (code: string) => {
    const found = await ordersWithPoNumber(world, code);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  // In ConnectWise before cwsync's first look at the orders (the run's match index reads them once): an order made
  // by hand with one line that names an item, and one a person added.
  let handMade: Row;
  let paired: Row;
  let persons: Row;
  const makeOrderByHand = async () => {
    const products = world.cw.client.resource<Row>('procurement/products');
    handMade = await world.cw.client.resource<Row>('sales/orders').create({
      company: { id: seeded.companyId },
      status: { id: seeded.statusIds.New },
      salesRep: { id: seeded.salesRepId },
      poNumber: 'SO-5001',
    });
    const line = (fields: Record<string, unknown>) =>
      products.create({
        salesOrder: { id: handMade.id },
        catalogItem: { id: seeded.catalogIds['P-1'] },
        billableOption: 'Billable',
        customerDescription: 'By hand',
        locationId: seeded.locationId,
        businessUnitId: 7,
        ...fields,
      });
    paired = await line({ integrationXRef: 'k-1', quantity: 1, price: 10 });
    persons = await line({ quantity: 9, description: 'Installation (added by a person)' });
  };

  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2025.8' });
    seeded = await seedOrderWorld(world);
    await makeOrderByHand();
  });
  afterAll(() => world?.stop());

  it('creates the order with every mapped field, then its 3 lines: one POST each', async () => {
    const calls = await callDeltas(world);
    await world.store.upsert(
      'orders',
      'O-1',
      {
        code: 'SO-1001',
        account: { id: 'A-1' },
        contact: { id: 'A-1-bob' },
        orderDate: '2026-03-01',
        currency: { id: 'USD' },
        status: 'confirmed',
        notes: 'Deliver to the front desk.',
        items: [
          { id: 'i-1', product: { id: 'P-1' }, quantity: 10, unitPrice: '22.50', description: 'M365 seats' },
          { id: 'i-2', product: { id: 'P-2' }, quantity: 1, unitPrice: '99.00' },
          { id: 'i-3', product: { id: 'P-3' }, quantity: 2, unitPrice: '5', description: 'x'.repeat(2500) },
        ],
      },
      api,
    );
    await world.drain();
    // The order is looked for (the run's match index reads the orders once) before it is created.
    expect(await calls()).toEqual({
      'GET sales/orders/statuses': 1,
      'GET sales/orders': 1,
      'POST sales/orders': 1,
      'POST procurement/products': 3,
    });
    const order = await orderOf('SO-1001');
    expect(order).toMatchObject({
      company: { id: seeded.companyId },
      contact: { id: seeded.contactIds.bob },
      orderDate: '2026-03-01T00:00:00Z',
      currency: { id: world.ids.usd },
      status: { id: seeded.statusIds.Accepted },
      salesRep: { id: seeded.salesRepId },
      poNumber: 'SO-1001',
      billToCompany: { id: seeded.companyId },
      notes: 'Deliver to the front desk.',
    });
    const lines = await linesOfOrder(world, order.id);
    expect(lines).toHaveLength(3);
    const byXRef = Object.fromEntries(lines.map((line) => [line.integrationXRef, line]));
    const common = {
      salesOrder: { id: order.id },
      billableOption: 'Billable',
      locationId: seeded.locationId,
      businessUnitId: 7,
    };
    expect(byXRef['i-1']).toMatchObject({
      ...common,
      catalogItem: { id: seeded.catalogIds['P-1'] },
      quantity: 10,
      price: 22.5,
      description: 'M365 seats',
      customerDescription: 'M365 seats',
    });
    // No item description: the product's name.
    expect(byXRef['i-2']).toMatchObject({
      ...common,
      catalogItem: { id: seeded.catalogIds['P-2'] },
      quantity: 1,
      price: 99,
      description: 'Azure Backup',
      customerDescription: 'Azure Backup',
    });
    // Within ConnectWise's 2000 characters for the description, whole (≤ 6000) for the customer.
    expect(byXRef['i-3']).toMatchObject({
      ...common,
      catalogItem: { id: seeded.catalogIds['P-3'] },
      price: 5,
    });
    expect(String(byXRef['i-3']!.description)).toHaveLength(2000);
    expect(String(byXRef['i-3']!.customerDescription)).toHaveLength(2500);
    const order1 = await world.store.get('orders', 'O-1');
    expect(order1?.integrationIds).toMatchObject({ sandbox: String(order.id) });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it("an order without a contact gets its account's primary contact; each BSS status its ConnectWise status", async () => {
    const statuses = {
      draft: 'New',
      pending: 'New',
      confirmed: 'Accepted',
      completed: 'Closed',
      cancelled: 'Cancelled',
    } as const;
    for (const [status, index] of Object.keys(statuses).map((key, i) => [key, i] as const)) {
      await world.store.upsert(
        'orders',
        `O-S${index}`,
        { code: `SO-S${index}`, account: { id: 'A-1' }, orderDate: '2026-03-02', status },
        api,
      );
    }
    await world.drain();
    for (const [status, name] of Object.entries(statuses)) {
      const index = Object.keys(statuses).indexOf(status);
      const order = await orderOf(`SO-S${index}`);
      expect(order.status).toMatchObject({ id: seeded.statusIds[name] });
      expect(order.contact).toMatchObject({ id: seeded.contactIds.ann });
      expect(await linesOfOrder(world, order.id)).toEqual([]);
    }
  });

  it('an unchanged order costs no call; a line added, one changed and one removed is one POST, one PATCH and one DELETE', async () => {
    await world.drain();
    let calls = await callDeltas(world);
    await world.store.update('orders', 'O-1', { notes: 'Deliver to the front desk.' }, api);
    await world.drain();
    expect(await calls()).toEqual({});

    const order = await orderOf('SO-1001');
    const before = await linesOfOrder(world, order.id);
    const idOf = (xref: string) => before.find((line) => line.integrationXRef === xref)!.id;
    calls = await callDeltas(world);
    const current = await world.store.get('orders', 'O-1');
    const items = current!.items as Array<Record<string, unknown>>;
    await world.store.update(
      'orders',
      'O-1',
      {
        items: [
          { ...items[0], quantity: 12 },
          items[1],
          { id: 'i-4', product: { id: 'P-1' }, quantity: 3, unitPrice: '20.00', description: 'Extra seats' },
        ],
      },
      api,
    );
    await world.drain();
    expect(await calls()).toEqual({
      'POST procurement/products': 1,
      'PATCH procurement/products/{id}': 1,
      'DELETE procurement/products/{id}': 1,
    });
    const after = await linesOfOrder(world, order.id);
    expect(after.map((line) => line.integrationXRef).sort()).toEqual(['i-1', 'i-2', 'i-4']);
    const changed = after.find((line) => line.integrationXRef === 'i-1')!;
    expect(changed).toMatchObject({ id: idOf('i-1'), quantity: 12, price: 22.5 });
    expect(after.find((line) => line.integrationXRef === 'i-2')!.id).toBe(idOf('i-2'));
    expect(after.find((line) => line.integrationXRef === 'i-4')).toMatchObject({ quantity: 3, price: 20 });
    const patch = await world.cw.client
      .resource<Row>('procurement/products')
      .page({ conditions: where('id', '=', idOf('i-3')) });
    expect(patch.items).toEqual([]);
  });

  it("writes each line's position when the line is made and never rewrites it: a reordered order costs no call", async () => {
    await world.drain();
    const order = await orderOf('SO-1001');
    const positions = async () =>
      Object.fromEntries(
        (await linesOfOrder(world, order.id)).map((line) => [line.integrationXRef, line.sequenceNumber]),
      );
    // i-1 and i-2 were made in the first push, i-4 in the last one, each at its position then
    expect(await positions()).toEqual({ 'i-1': 1, 'i-2': 2, 'i-4': 3 });
    const calls = await callDeltas(world);
    const items = (await world.store.get('orders', 'O-1'))!.items as Array<Record<string, unknown>>;
    await world.store.update('orders', 'O-1', { items: [...items].reverse() }, api);
    await world.drain();
    expect(await calls()).toEqual({});
    expect(await positions()).toEqual({ 'i-1': 1, 'i-2': 2, 'i-4': 3 });
    await world.store.update('orders', 'O-1', { items }, api);
    await world.drain();
  });

  it('a changed header is one PATCH of the order alone, and its lines stay paired', async () => {
    const calls = await callDeltas(world);
    await world.store.update('orders', 'O-1', { status: 'completed', notes: 'Delivered.' }, api);
    await world.drain();
    expect(await calls()).toEqual({ 'PATCH sales/orders/{id}': 1 });
    const order = await orderOf('SO-1001');
    expect(order).toMatchObject({ status: { id: seeded.statusIds.Closed }, notes: 'Delivered.' });
    // The lines' snapshot survived the header's write: a line change is still one PATCH.
    const again = await callDeltas(world);
    const current = await world.store.get('orders', 'O-1');
    const items = current!.items as Array<Record<string, unknown>>;
    await world.store.update(
      'orders',
      'O-1',
      { items: [{ ...items[0], unitPrice: '21.00' }, ...items.slice(1)] },
      api,
    );
    await world.drain();
    expect(await again()).toEqual({ 'PATCH procurement/products/{id}': 1 });
    expect(await linesOfOrder(world, order.id)).toHaveLength(3);
  });

  it('an order whose account, contact and products are not in ConnectWise yet has them synced first', async () => {
    await world.store.upsert(
      'accounts',
      'A-2',
      {
        code: 'C-200',
        name: 'Contoso Ltd',
        type: { id: 'customer' },
        currency: { id: 'USD' },
        addresses: [billingAddress],
      },
      api,
    );
    await upsertContact(world.store, 'A-2-cat', 'A-2', {
      firstName: 'Cat',
      lastName: 'Ng',
      email: 'cat@contoso.example',
    });
    await world.store.upsert('products', 'P-9', { code: 'NEW-9', name: 'New product' }, api);
    // The order is written first: it waits for the others and is woken when they are in ConnectWise.
    await world.store.upsert(
      'orders',
      'O-2',
      {
        code: 'SO-2001',
        account: { id: 'A-2' },
        contact: { id: 'A-2-cat' },
        orderDate: '2026-03-03',
        status: 'pending',
        items: [{ id: 'j-1', product: { id: 'P-9' }, quantity: 1, unitPrice: '1' }],
      },
      api,
    );
    await world.drain();
    const order = await orderOf('SO-2001');
    const company = (
      await world.cw.client.company.companies.page({ conditions: where('identifier', '=', 'A-2') })
    ).items[0]!;
    const contact = (
      await world.cw.client.company.contacts.page({ conditions: where('company/id', '=', company.id) })
    ).items[0]!;
    const catalog = (
      await world.cw.client
        .resource<Row>('procurement/catalog')
        .page({ conditions: where('identifier', '=', 'NEW-9') })
    ).items[0]!;
    expect(order).toMatchObject({ company: { id: company.id }, contact: { id: contact.id } });
    const lines = await linesOfOrder(world, order.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ catalogItem: { id: catalog.id }, integrationXRef: 'j-1' });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it("an order already in ConnectWise is linked by PO number; its lines are paired by key, a person's line is left alone", async () => {
    const calls = await callDeltas(world);
    await world.store.upsert(
      'orders',
      'O-5',
      {
        code: 'SO-5001',
        account: { id: 'A-1' },
        orderDate: '2026-03-05',
        status: 'pending',
        items: [
          { id: 'k-1', product: { id: 'P-1' }, quantity: 2, unitPrice: '10' },
          { id: 'k-2', product: { id: 'P-2' }, quantity: 1, unitPrice: '5' },
        ],
      },
      api,
    );
    await world.drain();
    // One read of the order's lines, one PATCH of the paired line, one POST of the new one, nothing deleted.
    const made = await calls();
    expect(made).toMatchObject({
      'GET procurement/products': 1,
      'PATCH procurement/products/{id}': 1,
      'POST procurement/products': 1,
    });
    expect(made['DELETE procurement/products/{id}']).toBeUndefined();
    expect(await ordersWithPoNumber(world, 'SO-5001')).toEqual([
      expect.objectContaining({ id: handMade.id }),
    ]);
    const lines = await linesOfOrder(world, handMade.id);
    expect(
      lines.map((held) => [
        held.id === paired.id || held.id === persons.id,
        held.integrationXRef ?? null,
        held.quantity,
      ]),
    ).toEqual([
      [true, 'k-1', 2],
      [true, null, 9],
      [false, 'k-2', 1],
    ]);
  });

  it('a status ConnectWise no longer has is one report entry on the order status', async () => {
    await world.cw.client.resource<Row>('sales/orders/statuses').delete(seeded.statusIds.Cancelled!);
    await world.store.upsert(
      'orders',
      'O-3',
      { code: 'SO-3001', account: { id: 'A-1' }, orderDate: '2026-03-04', status: 'cancelled' },
      api,
    );
    await world.drain();
    expect(await ordersWithPoNumber(world, 'SO-3001')).toEqual([]);
    const { entries } = await world.sync.reports.list({ instanceId: world.instanceId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ module: 'orders', recordId: 'O-3' });
    // The status table is read once and trusted for ten minutes: ConnectWise itself refuses the deleted status.
    expect(entries[0]!.field).toMatch(/^status/);
    expect(entries[0]!.message).toMatch(/Order Status \d+ not found|ConnectWise has no "Cancelled"/);
  });
});
