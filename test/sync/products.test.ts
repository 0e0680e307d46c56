// Products → ConnectWise catalog items, end to end over HTTP on both databases (API 2025.8, where a catalog
// item needs a subcategory and a product type).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const api = { origin: 'api' as const };
type Row = Record<string, unknown> & { id: number };

describe.each(databaseTargets())('products to the ConnectWise catalog on $name', (target) => {
  let world: SyncWorld;
  const ids = { software: 0, cloud: 0, microsoft365: 0, license: 0, subscriptionType: 0 };
  let handMade: Row;
  const catalog = () => world.cw.client.resource<Row>('procurement/catalog');
  const catalogItemsOf = async (identifier: string) =>
    (await catalog().page({ conditions: where('identifier', '=', identifier) })).items;
  const idOfNamed = async (resource: string, name: string) =>
    (await world.cw.client.resource<Row>(resource).page({ conditions: where('name', '=', name) })).items[0]!
      .id;

  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2025.8' });
    ids.software = await idOfNamed('procurement/categories', 'Software');
    ids.cloud = await idOfNamed('procurement/categories', 'Cloud Services');
    ids.microsoft365 = await idOfNamed('procurement/subcategories', 'Microsoft 365');
    ids.license = await idOfNamed('procurement/unitOfMeasures', 'License');
    ids.subscriptionType = await idOfNamed('procurement/types', 'Subscription');
    // Server variables other than the defaults, so that every row is seen to come from its variable.
    await world.instances.update(world.instanceId, {
      serverVariables: {
        productCategoryId: ids.software,
        productSubCategoryId: ids.microsoft365,
        productUnitOfMeasureId: ids.license,
        productTypeId: ids.subscriptionType,
      },
    });
    await world.store.upsert('unit-types', 'licence', { name: 'Licence' }, api);
    await world.store.upsert('unit-types', 'seat', { name: 'Seat' }, api);
    await world.lookups.set(world.instanceId, {
      lookup: 'UnitType',
      internalId: 'licence',
      integrationId: String(ids.cloud),
    });
    // In ConnectWise before cwsync's first run, as a catalog kept by hand before the connector is activated.
    handMade = await catalog().create({
      identifier: 'BACKUP-50',
      description: 'Backup 50 GB (made by hand)',
      customerDescription: 'Backup',
      subcategory: { id: ids.microsoft365 },
      type: { id: ids.subscriptionType },
    });
  });
  afterAll(() => world?.stop());

  it('creates a catalog item with every mapped field', async () => {
    await world.store.upsert(
      'products',
      'P-1',
      {
        code: 'M365-BP',
        name: 'Microsoft 365 Business Premium',
        description: 'Office apps, e-mail and advanced security, per user per month.',
        unitType: { id: 'licence' },
        price: '22.0000',
        cost: '18.50',
        isTaxable: false,
        isActivated: false,
        productClass: 'Service',
      },
      api,
    );
    await world.drain();
    const items = await catalogItemsOf('M365-BP');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      identifier: 'M365-BP',
      description: 'Microsoft 365 Business Premium',
      customerDescription: 'Office apps, e-mail and advanced security, per user per month.',
      category: { id: ids.cloud },
      subcategory: { id: ids.microsoft365 },
      unitOfMeasure: { id: ids.license },
      type: { id: ids.subscriptionType },
      price: 22,
      cost: 18.5,
      taxableFlag: false,
      inactiveFlag: true,
      productClass: 'Service',
      integrationXRef: 'P-1',
    });
    const product = await world.store.get('products', 'P-1');
    expect(product?.integrationIds).toMatchObject({ sandbox: String(items[0]!.id) });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('shortens a name longer than 60 characters, keeps it whole as the customer description, and taxes and activates by default', async () => {
    const name = 'Microsoft Defender for Endpoint Plan 2 with Extended Detection and Response (annual)';
    await world.store.upsert('products', 'P-2', { code: 'MDE-P2', name }, api);
    await world.drain();
    const [item] = await catalogItemsOf('MDE-P2');
    expect(item!.description).toBe(`${name.slice(0, 59)}…`);
    expect(String(item!.description)).toHaveLength(60);
    expect(item!.customerDescription).toBe(name);
    expect(item).toMatchObject({ taxableFlag: true, inactiveFlag: false, productClass: 'NonInventory' });
  });

  it('a unit type without a UnitType lookup falls back to the Product Category server variable', async () => {
    await world.store.upsert(
      'products',
      'P-3',
      { code: 'SEAT-1', name: 'Helpdesk seat', unitType: { id: 'seat' } },
      api,
    );
    await world.drain();
    const [item] = await catalogItemsOf('SEAT-1');
    expect(item!.category).toMatchObject({ id: ids.software });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('links an existing catalog item with the same identifier instead of creating a second one', async () => {
    const existing = handMade;
    await world.store.upsert(
      'products',
      'P-4',
      { code: 'backup-50', name: 'Cloud Backup 50 GB', price: '9.99' },
      api,
    );
    await world.drain();
    const items = await catalogItemsOf('BACKUP-50');
    expect(items.map((item) => item.id)).toEqual([existing.id]);
    expect(items[0]).toMatchObject({
      description: 'Cloud Backup 50 GB',
      price: 9.99,
      integrationXRef: 'P-4',
    });
    const product = await world.store.get('products', 'P-4');
    expect(product?.integrationIds).toMatchObject({ sandbox: String(existing.id) });
  });

  it('an unchanged product costs no call; a changed price is one PATCH of the price alone', async () => {
    await world.drain();
    const before = (await world.calls()).total;
    await world.store.update('products', 'P-1', { name: 'Microsoft 365 Business Premium' }, api);
    await world.drain();
    expect((await world.calls()).total - before).toBe(0);

    // A description a person changed in ConnectWise survives a PATCH of another field.
    const [item] = await catalogItemsOf('M365-BP');
    await catalog().patch(item!.id, [{ op: 'replace', path: 'notes', value: 'edited in ConnectWise' }]);
    const beforePatch = await world.calls();
    await world.store.update('products', 'P-1', { price: '23.5' }, api);
    await world.drain();
    const afterPatch = await world.calls();
    expect(afterPatch.total - beforePatch.total).toBe(1);
    const patches = (calls: typeof afterPatch) =>
      calls.endpoints.find((endpoint) => endpoint.method === 'PATCH' && endpoint.route.includes('catalog'))
        ?.total ?? 0;
    expect(patches(afterPatch) - patches(beforePatch)).toBe(1);
    const [updated] = await catalogItemsOf('M365-BP');
    expect(updated).toMatchObject({ price: 23.5, notes: 'edited in ConnectWise', cost: 18.5 });
  });
});

describe.each(databaseTargets())('products on API 2022.1, on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2022.1' });
  });
  afterAll(() => world?.stop());

  it('a code longer than 2022.1 takes is one report entry naming the identifier, and other products go on', async () => {
    await world.store.upsert('products', 'L-1', { code: 'L'.repeat(61), name: 'Long code' }, api);
    await world.store.upsert('products', 'L-2', { code: 'L'.repeat(60), name: 'Code at the limit' }, api);
    await world.drain();
    const entries = (await world.sync.reports.list({ instanceId: world.instanceId })).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      module: 'products',
      recordId: 'L-1',
      outcome: 'failed',
      field: 'identifier',
    });
    const items = await world.cw.client
      .resource<Row>('procurement/catalog')
      .page({ conditions: where('integrationXRef', '=', 'L-2') });
    expect(items.items.map((item) => item.identifier)).toEqual(['L'.repeat(60)]);
  });
});
