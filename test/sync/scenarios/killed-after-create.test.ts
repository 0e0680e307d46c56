// Scenario: a worker is killed after its POST of a contact reached ConnectWise and before the link was stored. The
// job runs again in another process whose match index was read before that POST, so the index alone cannot find
// the contact (contacts have no unique key in ConnectWise): the create note the killed worker left says the create's
// outcome is unknown, and the record is then looked for in ConnectWise itself, so it is linked, not made twice (the
// soak test's "contact created twice"). Over real HTTP against the sandbox, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttemptLog } from '../../../src/instances/create-attempt-log.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { contactsOfCompany, linkOf } from './support/connectwise-side.js';
import { upsertContact } from '../../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('a worker killed after its create, on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  it("links the contact the killed worker made, though this process's match index was read before it", async () => {
    await world.store.upsert(
      'accounts',
      'KA-1',
      {
        name: 'Killed After Ltd',
        type: { id: 'customer' },
        addresses: [{ address1: '1 Kill Street', city: 'Tampa', countryCode: 'US', isBilling: true }],
      },
      api,
    );
    await upsertContact(world.store, 'KA-1-c1', 'KA-1', {
      firstName: 'Early',
      lastName: 'Bird',
      email: 'early@killed.example',
    });
    await world.drain(); // the index of contacts is read now, in this process
    const company = (await linkOf(world, 'accounts', 'KA-1'))!.connectwiseId;

    // What the killed worker did: noted the create, and POSTed it; then it died before linking.
    await createAttemptLog(world.database.db).begin({
      instanceId: world.instanceId,
      module: 'contacts',
      recordId: 'KA-1-c2',
    });
    const made = (await world.cw.client.company.contacts.create({
      company: { id: company },
      firstName: 'Late',
      lastName: 'Comer',
      communicationItems: [{ type: { id: 1 }, value: 'late@killed.example', communicationType: 'Email' }],
    } as never)) as { id: number };
    await upsertContact(world.store, 'KA-1-c2', 'KA-1', {
      firstName: 'Late',
      lastName: 'Comer',
      email: 'late@killed.example',
    });
    await world.drain();

    expect(await linkOf(world, 'contacts', 'KA-1-c2')).toMatchObject({ connectwiseId: made.id });
    const late = (await contactsOfCompany(world, company)).filter((contact) => contact.firstName === 'Late');
    expect(late).toHaveLength(1);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
});
