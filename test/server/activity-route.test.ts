// The overview's activity: records synced and failed through the change feed (no run at all), ConnectWise calls,
// per minute, through the API; a day of minutes is kept. Against the sandbox, on both databases.
import { describe, expect, it } from 'vitest';
import { createActivityRepository } from '../../src/report/index.js';
import { useConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import type { SyncWorld } from '../support/sync-world.js';
import { upsertAccount } from '../support/sync-records.js';

const api = { origin: 'api' as const };

interface Minute {
  minute: string;
  synced: number;
  failed: number;
  waiting: number;
  calls: number;
  rateLimited: number;
}

describe.each(databaseTargets())('the activity per minute on $name', (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  useConnectorApi(target, (started) => ({ world, server } = started));

  const activity = async (query: string) => {
    const response = await server.call({ method: 'GET', url: `/api/v1/activity?${query}` });
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: Minute[] }).items;
  };
  const total = (minutes: Minute[], count: keyof Omit<Minute, 'minute'>) =>
    minutes.reduce((sum, minute) => sum + minute[count], 0);

  it('counts the records a change-feed sync pushed and failed, and its ConnectWise calls, with no run', async () => {
    await world.store.upsert('account-types', 'kiosk', { name: 'Kiosk' }, api);
    await upsertAccount(world.store, 'ACT-1', { name: 'Active One' });
    await upsertAccount(world.store, 'ACT-2', { name: 'Active Two' });
    await upsertAccount(world.store, 'ACT-3', { name: 'Kiosk Three', type: { id: 'kiosk' } });
    await world.drain();
    expect(await world.sync.reports.listRuns({ instanceId: 'sandbox' })).toEqual([]);

    const before = new Date().toISOString().slice(0, 16);
    const minutes = await activity('instance=sandbox&minutes=5');
    expect(minutes).toHaveLength(5);
    expect(minutes.map((minute) => minute.minute)).toEqual(
      [...minutes.map((minute) => minute.minute)].sort(),
    );
    expect([before, new Date().toISOString().slice(0, 16)]).toContain(minutes.at(-1)!.minute);
    expect(total(minutes, 'synced')).toBe(2);
    expect(total(minutes, 'failed')).toBe(1);
    expect(total(minutes, 'calls')).toBeGreaterThan(0);
    expect(total(minutes, 'rateLimited')).toBe(0);
    // every instance together is the same here: there is one
    expect(total(await activity('minutes=5'), 'synced')).toBe(2);
  });

  it('refuses a window beyond the day it keeps, naming the field', async () => {
    const response = await server.call({ method: 'GET', url: '/api/v1/activity?minutes=100000' });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([expect.objectContaining({ path: 'minutes' })]);
    const nowhere = await server.call({ method: 'GET', url: '/api/v1/activity?instance=nowhere' });
    expect(nowhere.statusCode).toBe(404);
  });

  it('keeps a day of minutes: older ones go as new minutes start', async () => {
    const repository = createActivityRepository(world.database.db);
    const now = new Date();
    await repository.add('old-instance', { synced: 5 }, new Date(now.getTime() - 2 * 24 * 3600_000));
    await repository.add('old-instance', { synced: 1 }, now);
    const rows = await world.database.db
      .selectFrom('sync_activity')
      .select(['minute', 'synced'])
      .where('instance_id', '=', 'old-instance')
      .execute();
    expect(rows.map((row) => Number(row.synced))).toEqual([1]);
  });
});
