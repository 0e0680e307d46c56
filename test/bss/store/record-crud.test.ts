import { describe, expect, it } from 'vitest';
import { entitySchemas, type EntityName } from '../../../src/bss/records/index.js';
import {
  DuplicateRecordError,
  RecordInUseError,
  RecordNotFoundError,
  linkRecord,
} from '../../../src/bss/store/index.js';
import { databaseTargets } from '../../support/database.js';
import { entitiesInDependencyOrder, sampleInputs } from '../../support/bss-records.js';
import { useRecordStore } from '../../support/record-store-suite.js';

const patchableTextField: Record<EntityName, string> = {
  accounts: 'name',
  contacts: 'firstName',
  products: 'name',
  orders: 'notes',
  invoices: 'notes',
  payments: 'reference',
  subscriptions: 'name',
  'account-types': 'name',
  currencies: 'name',
  countries: 'name',
  states: 'name',
  'unit-types': 'name',
  'billing-cycles': 'name',
  'payment-methods': 'name',
};

describe.each(databaseTargets())('record store CRUD on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const, actor: 'test' };

  it.each(entitiesInDependencyOrder)('creates, reads, replaces, patches and lists %s', async (entity) => {
    const { store } = suite;
    const input = sampleInputs[entity];
    const created = await store.create(entity, input, api);
    expect(created).toMatchObject({ ...input, version: 1, integrationIds: {} });
    expect(entitySchemas[entity].record.safeParse(created).success).toBe(true);
    expect(await store.get(entity, created.id)).toEqual(created);

    const { record: replaced, created: wasCreated } = await store.upsert(entity, created.id, input, {
      ...api,
      expectedVersion: 1,
    });
    expect(wasCreated).toBe(false);
    expect(replaced.version).toBe(1);

    const nameField = patchableTextField[entity];
    const patched = await store.update(entity, created.id, { [nameField]: 'Changed' }, api);
    expect(patched).toMatchObject({ [nameField]: 'Changed', version: 2, createdAt: created.createdAt });

    const page = await store.list(entity, {});
    expect(page.items.map((item) => item.id)).toContain(created.id);
  });

  it('generates an id when the body has none', async () => {
    const record = await suite.store.create('account-types', { name: 'Reseller' }, api);
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to create an id twice', async () => {
    await suite.store.create('account-types', { id: 'twice', name: 'Twice' }, api);
    await expect(
      suite.store.create('account-types', { id: 'twice', name: 'Twice' }, api),
    ).rejects.toBeInstanceOf(DuplicateRecordError);
  });

  it('creates with PUT when the id is new, then replaces the whole record', async () => {
    const first = await suite.store.upsert('unit-types', 'put-1', { name: 'Seat', code: 'SEAT' }, api);
    expect(first).toMatchObject({ created: true, record: { id: 'put-1', version: 1, code: 'SEAT' } });
    const second = await suite.store.upsert('unit-types', 'put-1', { name: 'Seat' }, api);
    expect(second.created).toBe(false);
    expect(second.record.version).toBe(2);
    expect(second.record).not.toHaveProperty('code');
  });

  it('removes a field with null in a merge patch', async () => {
    await suite.store.create('unit-types', { id: 'patch-null', name: 'Hour', code: 'HR' }, api);
    const patched = await suite.store.update('unit-types', 'patch-null', { code: null }, api);
    expect(patched).not.toHaveProperty('code');
    expect(patched.version).toBe(2);
  });

  it('answers 404 for a missing record on patch and delete', async () => {
    await expect(suite.store.update('accounts', 'missing', { name: 'x' }, api)).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await expect(suite.store.remove('accounts', 'missing', api)).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await suite.store.get('accounts', 'missing')).toBeUndefined();
  });

  it('deletes a record nothing refers to, and writes a deleted change', async () => {
    await suite.store.create('payment-methods', { id: 'to-delete', name: 'Cheque' }, api);
    await suite.store.remove('payment-methods', 'to-delete', api);
    expect(await suite.store.get('payment-methods', 'to-delete')).toBeUndefined();
    const { changes } = await suite.store.changesAfter(null, 500, {});
    expect(
      changes.filter((change) => change.recordId === 'to-delete').map((change) => change.action),
    ).toEqual(['created', 'deleted']);
  });

  it('refuses to delete a record others still refer to, naming them', async () => {
    const error = await suite.store
      .remove('accounts', 'sample-account', api)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecordInUseError);
    expect((error as RecordInUseError).referencedBy).toContainEqual({
      entity: 'contacts',
      id: 'sample-contact',
      path: 'account.id',
    });
  });

  it('shows links as integrationIds per connector instance', async () => {
    await linkRecord(suite.database.db, {
      instanceId: 'cw-prod',
      entity: 'accounts',
      recordId: 'sample-account',
      integrationId: '250',
    });
    expect((await suite.store.get('accounts', 'sample-account'))?.integrationIds).toEqual({
      'cw-prod': '250',
    });
    const listed = await suite.store.list('accounts', { filters: { code: 'ACME-001' } });
    expect(listed.items[0]?.integrationIds).toEqual({ 'cw-prod': '250' });
  });
});

describe.each(databaseTargets())('record store listing on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  it('pages through every record once, in id order', async () => {
    const ids = Array.from({ length: 23 }, (_, index) => `type-${String(index).padStart(2, '0')}`);
    for (const id of [...ids].reverse()) await suite.store.create('account-types', { id, name: id }, api);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await suite.store.list('account-types', { limit: 5, ...(after ? { after } : {}) });
      seen.push(...page.items.map((item) => item.id));
      if (page.nextCursor === null) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(ids);
  });

  it('filters on indexed fields, also inside references', async () => {
    await suite.store.create('countries', { id: 'us', name: 'United States', code: 'US' }, api);
    await suite.store.create('countries', { id: 'ca', name: 'Canada', code: 'CA' }, api);
    await suite.store.create(
      'states',
      { id: 'us-ny', country: { id: 'us' }, code: 'NY', name: 'New York' },
      api,
    );
    await suite.store.create(
      'states',
      { id: 'ca-on', country: { id: 'ca' }, code: 'ON', name: 'Ontario' },
      api,
    );
    const page = await suite.store.list('states', { filters: { country: 'us' } });
    expect(page.items.map((item) => item.id)).toEqual(['us-ny']);
    const both = await suite.store.list('states', { filters: { country: 'us', code: 'ON' } });
    expect(both.items).toEqual([]);
  });

  it('refuses an unknown filter, a bad cursor and a bad limit', async () => {
    await expect(suite.store.list('states', { filters: { colour: 'red' } })).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: 'colour', rule: 'unknownFilter' })],
    });
    await expect(suite.store.list('states', { after: '!!!' })).rejects.toMatchObject({ status: 400 });
    await expect(suite.store.list('states', { limit: 0 })).rejects.toMatchObject({ status: 400 });
  });
});
