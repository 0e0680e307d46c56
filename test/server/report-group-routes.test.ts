// The report grouped by cause through the API: three accounts of an unmapped type are one group with its fix;
// mapping the value named by the group and re-syncing the group in one call puts all three in step. Against the
// sandbox, on both databases.
import { describe, expect, it } from 'vitest';
import { useConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import type { SyncWorld } from '../support/sync-world.js';
import { upsertAccount } from '../support/sync-records.js';

const api = { origin: 'api' as const };

interface Group {
  key: string;
  count: number;
  message: string;
  fix: string;
  records: Array<{ module: string; recordId: string; direction: string }>;
  unmappedLookup?: { lookup: string; internalId: string };
}

describe.each(databaseTargets())('report groups on $name', (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  useConnectorApi(target, (started) => ({ world, server } = started));

  const groups = async (query = 'instance=sandbox') => {
    const response = await server.call({ method: 'GET', url: `/api/v1/report/groups?${query}` });
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: Group[] }).items;
  };

  it('groups the accounts of an unmapped type, and one mapping plus one group re-sync fixes them all', async () => {
    await world.store.upsert('account-types', 'franchise', { name: 'Franchise' }, api);
    await world.store.upsert('account-types', 'agency', { name: 'Agency' }, api);
    for (const [id, type] of [
      ['FR-1', 'franchise'],
      ['FR-2', 'franchise'],
      ['FR-3', 'franchise'],
      ['AG-1', 'agency'],
    ] as const) {
      await upsertAccount(world.store, id, { name: `Shop ${id}`, type: { id: type } });
    }
    await world.drain();
    const [franchise, agency] = await groups();
    expect(franchise).toMatchObject({
      count: 3,
      message: expect.stringMatching(/account type "franchise" has no ConnectWise company type/),
      fix: 'map "franchise" in the Account Type lookup to a ConnectWise value, then re-sync the group',
      unmappedLookup: { lookup: 'AccountType', internalId: 'franchise' },
      records: ['FR-1', 'FR-2', 'FR-3'].map((recordId) => ({
        module: 'accounts',
        recordId,
        direction: 'push',
      })),
    });
    expect(agency).toMatchObject({ count: 1, unmappedLookup: { internalId: 'agency' } });
    expect((await groups('instance=sandbox&recordLimit=1'))[0]!.records).toHaveLength(1);

    await server.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/AccountType/franchise',
      payload: { integrationId: String(world.ids.customerType) },
    });
    const resync = await server.call({
      method: 'POST',
      url: '/api/v1/report/groups/resync',
      payload: { instanceId: 'sandbox', key: franchise!.key },
    });
    expect(resync.statusCode).toBe(202);
    expect(resync.json()).toEqual({ queued: 3 });
    await world.drain();
    expect(await groups()).toEqual([expect.objectContaining({ key: agency!.key, count: 1 })]);
    for (const id of ['FR-1', 'FR-2', 'FR-3'])
      expect((await world.store.get('accounts', id))?.integrationIds?.sandbox).toMatch(/^\d+$/);

    const gone = await server.call({
      method: 'POST',
      url: '/api/v1/report/groups/resync',
      payload: { instanceId: 'sandbox', key: franchise!.key },
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: 'group_not_found' });
  });

  it('refuses a groups query without an instance, naming the field', async () => {
    const response = await server.call({ method: 'GET', url: '/api/v1/report/groups' });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([expect.objectContaining({ path: 'instance', rule: 'required' })]);
  });
});
