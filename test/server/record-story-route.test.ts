// A record's story through the API: its BSS writes with the fields each changed, its link with what cwsync last
// wrote to ConnectWise, and its report entry with ConnectWise's message, newest first, and what cannot be shown.
// Against the sandbox, on both databases.
import { describe, expect, it } from 'vitest';
import { useConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import type { SyncWorld } from '../support/sync-world.js';
import { upsertAccount } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())("a record's story on $name", (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  useConnectorApi(target, (started) => ({ world, server } = started));

  it('tells what happened to an account on both sides, newest first', async () => {
    await upsertAccount(world.store, 'ST-1', { name: 'Story Ltd' });
    await world.drain();
    await world.store.update('accounts', 'ST-1', { name: 'Story Limited' }, api);
    await world.drain();
    await world.store.upsert('account-types', 'storyteller', { name: 'Storyteller' }, api);
    await world.store.update('accounts', 'ST-1', { type: { id: 'storyteller' } }, api);
    await world.drain();

    const response = await server.call({
      method: 'GET',
      url: '/api/v1/records/accounts/ST-1/history?instance=sandbox',
    });
    expect(response.statusCode).toBe(200);
    const story = response.json() as { events: Array<Record<string, unknown>>; cannotShow: string[] };
    const kinds = story.events.map((event) => event.kind);
    expect(kinds[0]).toBe('not-in-step');
    expect(story.events[0]).toMatchObject({
      instanceId: 'sandbox',
      direction: 'push',
      outcome: 'failed',
      message: expect.stringContaining('account type "storyteller"'),
    });
    const writes = story.events.filter((event) => event.kind === 'bss-write');
    expect(writes.map((event) => [event.version, event.origin, event.changedFields])).toEqual([
      [3, 'api', ['type']],
      [2, 'api', ['name']],
      [1, 'api', expect.arrayContaining(['addresses', 'name', 'type'])],
    ]);
    const link = story.events.find((event) => event.kind === 'linked')!;
    expect(link).toMatchObject({ instanceId: 'sandbox', connectwiseId: expect.stringMatching(/^\d+$/) });
    expect(link.lastPushed).toMatchObject({ name: 'Story Limited' });
    const times = story.events.map((event) => String(event.at));
    expect(times).toEqual([...times].sort().reverse());
    expect(story.cannotShow.join(' ')).toMatch(/only the last body written to ConnectWise is kept/);

    const unknown = await server.call({ method: 'GET', url: '/api/v1/records/planets/ST-1/history' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues).toEqual([expect.objectContaining({ path: 'module', rule: 'knownModule' })]);
    const nothing = await server.call({ method: 'GET', url: '/api/v1/records/accounts/NOBODY/history' });
    expect(nothing.json()).toMatchObject({ events: [] });
  });
});
