// The record a push pushes is read with its own links whole (`RecordStore.getWithLinks`), so that a linked record's
// snapshot is not read in a second statement (issue 14): the link the repository finds in the record is the one
// `find` reads, and the record itself is what `get` answers (the links ride along, never serialised).
import { describe, expect, it } from 'vitest';
import { createLinkRepository } from '../../src/instances/index.js';
import { databaseTargets } from '../support/database.js';
import { useRecordStore } from '../support/record-store-suite.js';

describe.each(databaseTargets())('a record read with its links on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  it('carries each link the repository would find, and is otherwise the record `get` reads', async () => {
    await suite.store.upsert('accounts', 'LR-1', { name: 'Carried' }, api);
    const links = createLinkRepository(suite.database.db);
    await links.save({
      instanceId: 'a',
      module: 'accounts',
      recordId: 'LR-1',
      connectwiseId: 41,
      pushedBody: { name: 'Carried', site: { id: 3 } },
      bssValues: { name: 'Carried' },
      connectwiseLastUpdated: '2026-12-07T08:00:00Z',
    });
    await links.save({
      instanceId: 'b',
      module: 'accounts',
      recordId: 'LR-1',
      connectwiseId: 42,
      pushedBody: { name: 'Other' },
    });

    const read = await suite.store.getWithLinks!('accounts', 'LR-1');

    expect(JSON.stringify(read)).toBe(JSON.stringify(await suite.store.get('accounts', 'LR-1')));
    const carried = links.linkInRecord!('a', 'accounts', read!);
    const found = await links.find('a', 'accounts', 'LR-1');
    expect(carried).toEqual(found);
    expect(carried).toMatchObject({
      connectwiseId: 41,
      pushedBody: { name: 'Carried', site: { id: 3 } },
      bssValues: { name: 'Carried' },
      connectwiseLastUpdated: '2026-12-07T08:00:00Z',
    });
    expect(links.linkInRecord!('b', 'accounts', read!)).toMatchObject({
      connectwiseId: 42,
      pushedBody: { name: 'Other' },
    });
    // not linked on c: null (no need to look); a record read without its links does not say
    expect(links.linkInRecord!('c', 'accounts', read!)).toBeNull();
    expect(
      links.linkInRecord!('a', 'accounts', (await suite.store.get('accounts', 'LR-1'))!),
    ).toBeUndefined();
  });
});
