// A create is settled exactly when its link is there: the link saved and the create's note forgotten together
// (in a transaction on SQLite, in one statement on PostgreSQL), and a link refused leaves the note.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore, saveLinkSnapshotSettlingCreate } from '../../src/bss/store/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createAttemptLog } from '../../src/instances/create-attempt-log.js';
import { createInstanceRepository, createLinkRepository, SecretBox } from '../../src/instances/index.js';
import { seedSampleRecords } from '../support/bss-records.js';
import { databaseTargets } from '../support/database.js';
import { tenant } from './support/tenant.js';

const { definition } = await loadConnectWiseDefinition();

describe.each(databaseTargets())('settling a create on $name', (target) => {
  let database: DatabaseHandle;
  const key = { instanceId: 'cw-a', module: 'accounts', recordId: 'sample-account' };
  const notes = async () =>
    (await database.db.selectFrom('sync_create_attempts').select('record_id').execute()).map(
      (row) => row.record_id,
    );
  beforeAll(async () => {
    database = await target.open();
    await createInstanceRepository(database.db, SecretBox.fromKey(randomBytes(32)), definition).create({
      ...tenant,
      id: 'cw-a',
      name: 'A',
    });
    const store = createRecordStore(database.db);
    await seedSampleRecords(store);
    await store.create(
      'accounts',
      {
        id: 'second-account',
        code: 'ACME-002',
        name: 'Second',
        type: { id: 'sample-type' },
        currency: { id: 'sample-eur' },
      },
      { origin: 'api' },
    );
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('saves the link and forgets the note together', async () => {
    const attempts = createAttemptLog(database.db, (db) => createLinkRepository(db));
    expect(await attempts.begin(key)).toBe(false);
    expect(await notes()).toEqual(['sample-account']);
    await attempts.settle(key, { ...key, connectwiseId: 250, pushedBody: { name: 'Sample' } });
    expect(await notes()).toEqual([]);
    expect(await createLinkRepository(database.db).find('cw-a', 'accounts', 'sample-account')).toMatchObject({
      connectwiseId: 250,
      pushedBody: { name: 'Sample' },
    });
  });

  it('keeps the note when the link is refused (its id is another record’s), naming the holder', async () => {
    const attempts = createAttemptLog(database.db, (db) => createLinkRepository(db));
    const second = { ...key, recordId: 'second-account' };
    expect(await attempts.begin(second)).toBe(false);
    await expect(attempts.settle(second, { ...second, connectwiseId: 250, pushedBody: {} })).rejects.toThrow(
      'accounts second-account: ConnectWise id 250 is already linked to sample-account on instance cw-a',
    );
    expect(await notes()).toEqual(['second-account']);
    expect(
      await createLinkRepository(database.db).find('cw-a', 'accounts', 'second-account'),
    ).toBeUndefined();
  });

  it.runIf(target.name === 'postgres')('on PostgreSQL, writes both in one statement', async () => {
    const third = { ...key, recordId: 'second-account' };
    await saveLinkSnapshotSettlingCreate(
      database.db,
      {
        instanceId: 'cw-a',
        entity: 'accounts',
        recordId: 'second-account',
        integrationId: '251',
        pushedBody: '{}',
        bssValues: null,
        connectwiseLastUpdated: null,
      },
      third.module,
    );
    expect(await notes()).toEqual([]);
    expect(await createLinkRepository(database.db).find('cw-a', 'accounts', 'second-account')).toMatchObject({
      connectwiseId: 251,
    });
  });

  it('the same link saved twice at once (two pulls of one ConnectWise record) is one link, with no error', async () => {
    const links = createLinkRepository(database.db);
    for (let round = 0; round < 30; round += 1) {
      await database.db.deleteFrom('record_links').where('record_id', '=', 'second-account').execute();
      const link = { ...key, recordId: 'second-account', connectwiseId: 300 + round, pushedBody: { round } };
      await Promise.all([links.save(link), links.save(link)]);
      expect(await links.findByConnectwiseId('cw-a', 'accounts', 300 + round)).toMatchObject({
        recordId: 'second-account',
      });
    }
  });
});
