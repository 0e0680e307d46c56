// Scenario: a contact flagged isPrimary is its account's primary contact, and so the company's default contact in
// ConnectWise, when the account names none; a primary contact the account names wins; a flag set after the account
// synced still reaches ConnectWise. Over real HTTP against the sandbox, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { companiesIdentifiedAs, linkOf } from './support/connectwise-side.js';

const api = { origin: 'api' as const };
const tampa = [
  { address1: '5 Dock Road', city: 'Tampa', stateName: 'Florida', countryCode: 'US', isBilling: true },
];

describe.each(databaseTargets())('a contact flagged primary on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  const account = (id: string, fields: Record<string, unknown> = {}) =>
    world.store.upsert(
      'accounts',
      id,
      { name: `Account ${id}`, type: { id: 'customer' }, addresses: tampa, ...fields },
      api,
    );
  const contact = (id: string, accountId: string, isPrimary: boolean) =>
    world.store.upsert(
      'contacts',
      id,
      {
        account: { id: accountId },
        firstName: id,
        lastName: 'Lee',
        email: `${id.toLowerCase()}@example.com`,
        isPrimary,
      },
      api,
    );
  const defaultContactOf = async (accountId: string) =>
    ((await companiesIdentifiedAs(world, accountId))[0]?.defaultContact as { id: number } | undefined)?.id;
  const connectwiseIdOf = async (contactId: string) =>
    (await linkOf(world, 'contacts', contactId))?.connectwiseId;

  it('becomes the default contact of a company whose account names none', async () => {
    await account('PC-1');
    await contact('PC-1-ann', 'PC-1', false);
    await contact('PC-1-bob', 'PC-1', true);
    await world.drain();
    expect(await defaultContactOf('PC-1')).toBe(await connectwiseIdOf('PC-1-bob'));
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('gives way to the primary contact the account names', async () => {
    await account('PC-2');
    await contact('PC-2-ann', 'PC-2', false);
    await contact('PC-2-bob', 'PC-2', true);
    await world.store.update('accounts', 'PC-2', { primaryContact: { id: 'PC-2-ann' } }, api);
    await world.drain();
    expect(await defaultContactOf('PC-2')).toBe(await connectwiseIdOf('PC-2-ann'));
  });

  it('flagged after the account synced, it still becomes the default contact', async () => {
    await account('PC-3');
    await contact('PC-3-ann', 'PC-3', false);
    await world.drain();
    expect(await defaultContactOf('PC-3')).not.toBe(await connectwiseIdOf('PC-3-ann'));

    await world.store.update('contacts', 'PC-3-ann', { isPrimary: true }, api);
    await world.drain();
    expect(await defaultContactOf('PC-3')).toBe(await connectwiseIdOf('PC-3-ann'));
  });
});
