// What the order, invoice and payment suites share: a seeded BSS + ConnectWise world, lines read back, call deltas.
import { where } from '../../../src/connectwise/index.js';
import { collect } from '../../connectwise/support/sandbox.js';
import type { SyncWorld } from '../../support/sync-world.js';

export type Row = Record<string, unknown> & { id: number };

const api = { origin: 'api' as const };

/** ConnectWise needs at least one address field on a company. */
export const billingAddress = {
  address1: '1 Main Street',
  city: 'Tampa',
  countryCode: 'US',
  isBilling: true,
};

/**
 * Server variables other than their defaults (so each row is seen to come from its variable; `variables` sets
 * more, before the first run reads them), an account A-1
 * with its primary contact Ann and a second contact Bob, and products P-1..P-3, all pushed.
 */
export async function seedOrderWorld(world: SyncWorld, variables: Record<string, number | string> = {}) {
  const named = async (resource: string, name: string, field = 'name') =>
    (await world.cw.client.resource<Row>(resource).page({ conditions: where(field, '=', name) })).items[0]!
      .id;
  const salesRepId = await named('system/members', 'jsmith', 'identifier');
  const locationId = await named('system/locations', 'Remote');
  const statuses = await collect(world.cw.client.resource<Row>('sales/orders/statuses').list({}));
  const statusIds = Object.fromEntries(statuses.map((status) => [String(status.name), status.id]));
  const serverVariables = {
    salesRepresentativeId: salesRepId,
    locationId,
    businessUnitId: 7,
    productSubCategoryId: await named('procurement/subcategories', 'Microsoft 365'),
    productTypeId: await named('procurement/types', 'Subscription'),
    ...variables,
  };
  await world.instances.update(world.instanceId, { serverVariables });
  await world.store.upsert(
    'accounts',
    'A-1',
    {
      code: 'C-100',
      name: 'Northwind Traders',
      type: { id: 'customer' },
      currency: { id: 'USD' },
      addresses: [billingAddress],
    },
    api,
  );
  for (const [id, firstName] of [
    ['A-1-ann', 'Ann'],
    ['A-1-bob', 'Bob'],
  ] as const) {
    await world.store.upsert(
      'contacts',
      id,
      {
        account: { id: 'A-1' },
        firstName,
        lastName: 'Lee',
        email: `${firstName.toLowerCase()}@northwind.example`,
      },
      api,
    );
  }
  await world.store.update('accounts', 'A-1', { primaryContact: { id: 'A-1-ann' } }, api);
  const products = { 'P-1': 'Microsoft 365 Business', 'P-2': 'Azure Backup', 'P-3': 'Helpdesk seat' };
  for (const [id, name] of Object.entries(products)) {
    await world.store.upsert('products', id, { code: `SKU-${id}`, name }, api);
  }
  await world.drain();
  const catalogIds: Record<string, number> = {};
  for (const id of Object.keys(products)) {
    const product = await world.store.get('products', id);
    catalogIds[id] = Number((product!.integrationIds as Record<string, string>).sandbox);
  }
  const company = (
    await world.cw.client.company.companies.page({ conditions: where('identifier', '=', 'A-1') })
  ).items[0]!;
  const contacts = await collect(
    world.cw.client.company.contacts.list({ conditions: where('company/id', '=', company.id) }),
  );
  const contactIds = {
    ann: contacts.find((contact) => contact.firstName === 'Ann')!.id,
    bob: contacts.find((contact) => contact.firstName === 'Bob')!.id,
  };
  return {
    companyId: company.id,
    contactIds,
    catalogIds,
    salesRepId,
    locationId,
    statusIds,
    serverVariables,
  };
}

/** The sales orders whose PO number is `poNumber`: one when in step, never two. */
export async function ordersWithPoNumber(world: SyncWorld, poNumber: string): Promise<Row[]> {
  return collect(
    world.cw.client.resource<Row>('sales/orders').list({ conditions: where('poNumber', '=', poNumber) }),
  );
}

/** The product lines of a sales order, in id order. */
export async function linesOfOrder(world: SyncWorld, orderId: number): Promise<Row[]> {
  return collect(
    world.cw.client
      .resource<Row>('procurement/products')
      .list({ conditions: where('salesOrder/id', '=', orderId) }),
  );
}

/** The product lines of an invoice, in id order. */
export async function linesOfInvoice(world: SyncWorld, invoiceId: number): Promise<Row[]> {
  return collect(
    world.cw.client
      .resource<Row>('procurement/products')
      .list({ conditions: where('invoice/id', '=', invoiceId) }),
  );
}

type Endpoint = { method: string; route: string; total: number };

/**
 * Starts counting: the function it answers gives the ConnectWise calls made since, as "METHOD resource" → count
 * (ids as `{id}`, e.g. "PATCH procurement/products/{id}"), calls that did not change left out.
 */
export async function callDeltas(world: SyncWorld): Promise<() => Promise<Record<string, number>>> {
  const read = async () => {
    const counts = new Map<string, number>();
    for (const endpoint of (await world.calls()).endpoints as Endpoint[]) {
      const route = endpoint.route
        .replace(/^\/v4_6_release\/apis\/3\.0\//, '')
        .replace(/:[A-Za-z]+/g, (name) => (name === ':parentId' ? '{parentId}' : '{id}'));
      const key = `${endpoint.method} ${route}`;
      counts.set(key, (counts.get(key) ?? 0) + endpoint.total);
    }
    return counts;
  };
  const start = await read();
  return async () => {
    const delta: Record<string, number> = {};
    for (const [key, total] of await read()) {
      const made = total - (start.get(key) ?? 0);
      if (made > 0) delta[key] = made;
    }
    return delta;
  };
}
