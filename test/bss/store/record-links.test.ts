import { describe, expect, it } from 'vitest';
import {
  findIntegrationId,
  findLinkedRecordId,
  linkRecord,
  linksOfRecord,
  unlinkInstance,
  unlinkRecord,
} from '../../../src/bss/store/index.js';
import { createLinkRepository } from '../../../src/instances/index.js';
import { databaseTargets } from '../../support/database.js';
import { useRecordStore } from '../../support/record-store-suite.js';

describe.each(databaseTargets())('record links on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  it('links a record per instance without a new version or change row', async () => {
    const created = await suite.store.create('account-types', { id: 'linked', name: 'Linked' }, api);
    const before = await suite.store.changesAfter(null, 500, {});
    await linkRecord(suite.database.db, {
      instanceId: 'a',
      entity: 'account-types',
      recordId: 'linked',
      integrationId: '5',
    });
    await linkRecord(suite.database.db, {
      instanceId: 'b',
      entity: 'account-types',
      recordId: 'linked',
      integrationId: '9',
    });
    const read = await suite.store.get('account-types', 'linked');
    expect(read).toMatchObject({ version: created.version, integrationIds: { a: '5', b: '9' } });
    expect((await suite.store.changesAfter(null, 500, {})).changes).toHaveLength(before.changes.length);
    expect(
      await findLinkedRecordId(suite.database.db, {
        instanceId: 'b',
        entity: 'account-types',
        integrationId: '9',
      }),
    ).toBe('linked');
  });

  it("answers a record's links, per instance or all, and forgets an instance's links at once", async () => {
    await suite.store.create('account-types', { id: 'owned', name: 'Owned' }, api);
    const key = { entity: 'account-types' as const, recordId: 'owned' };
    await linkRecord(suite.database.db, { ...key, instanceId: 'x', integrationId: '71' });
    await linkRecord(suite.database.db, { ...key, instanceId: 'y', integrationId: '72' });
    expect(await findIntegrationId(suite.database.db, { ...key, instanceId: 'x' })).toBe('71');
    expect(await findIntegrationId(suite.database.db, { ...key, instanceId: 'z' })).toBeUndefined();
    const all = await linksOfRecord(suite.database.db, key);
    expect(all.map((link) => link.integration_id).sort()).toEqual(['71', '72']);
    const onY = await linksOfRecord(suite.database.db, { ...key, instanceId: 'y' });
    expect(onY.map((link) => link.instance_id)).toEqual(['y']);
    await unlinkInstance(suite.database.db, 'x');
    expect(await findIntegrationId(suite.database.db, { ...key, instanceId: 'x' })).toBeUndefined();
    expect(await findIntegrationId(suite.database.db, { ...key, instanceId: 'y' })).toBe('72');
  });

  it('goes with a deleted record, so a record made later under the same id is not linked by mistake', async () => {
    await suite.store.create('account-types', { id: 'gone', name: 'Gone' }, api);
    await linkRecord(suite.database.db, {
      instanceId: 'a',
      entity: 'account-types',
      recordId: 'gone',
      integrationId: '250',
    });
    await suite.store.remove('account-types', 'gone', api);
    const again = await suite.store.upsert('account-types', 'gone', { name: 'Gone again' }, api);
    expect(again.record.integrationIds).toEqual({});
    expect(
      await findLinkedRecordId(suite.database.db, {
        instanceId: 'a',
        entity: 'account-types',
        integrationId: '250',
      }),
    ).toBeUndefined();
  });

  it("forgets the engine's snapshot when a record is linked to another ConnectWise record", async () => {
    await suite.store.create('account-types', { id: 'moved', name: 'Moved' }, api);
    const links = createLinkRepository(suite.database.db);
    const link = { instanceId: 'a', module: 'account-types', recordId: 'moved', connectwiseId: 7 };
    await links.save({ ...link, pushedBody: { name: 'Moved' }, bssValues: { name: 'Moved' } });
    await linkRecord(suite.database.db, {
      instanceId: 'a',
      entity: 'account-types',
      recordId: 'moved',
      integrationId: '7',
    });
    expect(await links.find('a', 'account-types', 'moved')).toMatchObject({ pushedBody: { name: 'Moved' } });
    await linkRecord(suite.database.db, {
      instanceId: 'a',
      entity: 'account-types',
      recordId: 'moved',
      integrationId: '8',
    });
    const relinked = await links.find('a', 'account-types', 'moved');
    expect(relinked).toMatchObject({ connectwiseId: 8, pushedBody: {} });
    expect(relinked?.bssValues).toBeUndefined();
  });

  it('keeps one ConnectWise id per record and one record per ConnectWise id, per instance', async () => {
    await suite.store.create('account-types', { id: 'other', name: 'Other' }, api);
    await expect(
      linkRecord(suite.database.db, {
        instanceId: 'a',
        entity: 'account-types',
        recordId: 'other',
        integrationId: '5',
      }),
    ).rejects.toThrow();
    await linkRecord(suite.database.db, {
      instanceId: 'c',
      entity: 'account-types',
      recordId: 'other',
      integrationId: '5',
    });
    await linkRecord(suite.database.db, {
      instanceId: 'a',
      entity: 'account-types',
      recordId: 'linked',
      integrationId: '6',
    });
    expect((await suite.store.get('account-types', 'linked'))?.integrationIds).toMatchObject({ a: '6' });
  });

  it('unlinks, and carries the links in the change snapshots of later writes', async () => {
    await unlinkRecord(suite.database.db, { instanceId: 'b', entity: 'account-types', recordId: 'linked' });
    const updated = await suite.store.update('account-types', 'linked', { name: 'Renamed' }, api);
    expect(updated.integrationIds).toEqual({ a: '6' });
    const { changes } = await suite.store.changesAfter(null, 500, {});
    expect(changes.at(-1)?.record?.integrationIds).toEqual({ a: '6' });
  });
});
