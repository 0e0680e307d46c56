// Scenario: before a tenant is switched on, one chosen BSS record is pushed as a canary through the runner's own
// push job — linked, reported and verified like any other — then read back and shown field by field next to what
// the mapping made of it. The instance is switched off throughout; over real HTTP, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushCanary } from '../../../src/sync/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { billingAddress } from '../support/orders.js';
import { companiesIdentifiedAs, linkOf } from './support/connectwise-side.js';
import { upsertContact } from '../../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('a canary push on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target, { service: { includeDisabled: true } });
    await world.instances.update(world.instanceId, { enabled: false });
  });
  afterAll(() => world?.stop());

  const canary = (module: string, recordId: string) =>
    pushCanary(world.sync, { instanceId: world.instanceId, module, recordId });
  const keepNames = (rules: unknown[]) =>
    fetch(`${world.cw.sandbox.url}/__sandbox/faults/kept-values`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });

  it('pushes the one record on a switched-off instance, links it, and shows every mapped field kept as sent', async () => {
    await world.store.upsert(
      'accounts',
      'CAN-1',
      {
        name: 'Tailspin Toys',
        type: { id: 'customer' },
        currency: { id: 'USD' },
        addresses: [billingAddress],
      },
      api,
    );
    await world.store.upsert('accounts', 'CAN-2', { name: 'Not pushed', type: { id: 'customer' } }, api);
    const result = await canary('accounts', 'CAN-1');
    const [company] = await companiesIdentifiedAs(world, 'CAN-1');
    expect(result).toMatchObject({
      outcome: 'in-step',
      connectwiseId: company!.id,
      resource: 'company/companies',
    });
    expect(result.fields.find((field) => field.field === 'name')).toEqual({
      field: 'name',
      bss: 'Tailspin Toys',
      connectwise: 'Tailspin Toys',
      same: true,
    });
    expect(result.fields.find((field) => field.field === 'identifier')).toMatchObject({
      bss: 'CAN-1',
      same: true,
    });
    expect(result.fields.find((field) => field.field === 'types')).toMatchObject({
      bss: [{ id: world.ids.customerType }],
      same: true,
    });
    expect(result.fields.every((field) => field.same)).toBe(true);
    expect(await linkOf(world, 'accounts', 'CAN-1')).toMatchObject({ connectwiseId: company!.id });
    // only the chosen record: the instance is off, nothing else went out
    expect(await companiesIdentifiedAs(world, 'CAN-2')).toEqual([]);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('a field the tenant keeps otherwise shows both values, and the record is a warning in the report', async () => {
    await keepNames([{ resource: 'company/companies', field: 'name', truncateTo: 8 }]);
    try {
      await world.store.upsert(
        'accounts',
        'CAN-3',
        { name: 'Wingtip Toys International', type: { id: 'customer' }, addresses: [billingAddress] },
        api,
      );
      const result = await canary('accounts', 'CAN-3');
      expect(result.outcome).toBe('warning');
      expect(result.message).toContain('sent "Wingtip Toys International", kept "Wingtip "');
      expect(result.fields.find((field) => field.field === 'name')).toEqual({
        field: 'name',
        bss: 'Wingtip Toys International',
        connectwise: 'Wingtip ',
        same: false,
      });
    } finally {
      await keepNames([]);
    }
  });

  it('a record that waits for another says which, and a record the BSS does not have is a clear error', async () => {
    await world.store.upsert('accounts', 'CAN-4', { name: 'Adventure Works', type: { id: 'customer' } }, api);
    await upsertContact(world.store, 'CAN-4-kim', 'CAN-4', { firstName: 'Kim', lastName: 'Abercrombie' });
    const waiting = await canary('contacts', 'CAN-4-kim');
    expect(waiting).toMatchObject({ outcome: 'waiting', message: 'waiting for accounts CAN-4', fields: [] });
    await expect(canary('accounts', 'NOPE')).rejects.toThrow('the BSS has no accounts record "NOPE"');
    await expect(canary('nothing', 'X')).rejects.toThrow('"nothing" is not a module cwsync pushes');
  });
});
