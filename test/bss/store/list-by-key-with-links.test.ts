// A push looks records up by a key (an account's primary contact, among the contacts of the account) and needs to
// know which of them are linked: the first page by one or two keys is read with its links' ConnectWise ids in one
// statement (issue 14: the links were a second statement, on both databases).
import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRecordStore, linkRecord } from '../../../src/bss/store/index.js';
import { databaseTargets } from '../../support/database.js';
import { useRecordStore } from '../../support/record-store-suite.js';

/** Counts the statements run through a Kysely handle (every result passes `transformResult`, compiled or built). */
function statementCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery: ({ node }: Parameters<KyselyPlugin['transformQuery']>[0]) => node,
    transformResult: async ({ result }: Parameters<KyselyPlugin['transformResult']>[0]) => {
      counter.count += 1;
      return result;
    },
  };
  return counter;
}

describe.each(databaseTargets())('records listed by a key with their links on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  it('reads the first page by one or two keys and its links in one statement, each page counted by records', async () => {
    await suite.store.upsert('accounts', 'KA-1', { name: 'Keyed' }, api);
    for (const id of ['KC-1', 'KC-2', 'KC-3']) {
      await suite.store.create(
        'contacts',
        { id, account: { id: 'KA-1' }, firstName: id, lastName: 'Keyed', email: `${id}@example.com` },
        api,
      );
    }
    for (const [instanceId, integrationId] of [
      ['a', '11'],
      ['b', '12'],
    ] as const) {
      await linkRecord(suite.database.db, {
        instanceId,
        entity: 'contacts',
        recordId: 'KC-1',
        integrationId,
      });
    }
    await linkRecord(suite.database.db, {
      instanceId: 'a',
      entity: 'contacts',
      recordId: 'KC-3',
      integrationId: '13',
    });
    const counter = statementCounter();
    const store = createRecordStore(suite.database.db.withPlugin(counter));

    const page = await store.list('contacts', { filters: { account: 'KA-1' }, limit: 2 });

    expect(counter.count).toBe(1);
    expect(page.items.map((item) => [item.id, item.integrationIds])).toEqual([
      ['KC-1', { a: '11', b: '12' }],
      ['KC-2', {}],
    ]);
    expect(page.nextCursor).not.toBeNull();
    const rest = await store.list('contacts', {
      filters: { account: 'KA-1' },
      limit: 2,
      after: page.nextCursor!,
    });
    expect(rest.items.map((item) => [item.id, item.integrationIds])).toEqual([['KC-3', { a: '13' }]]);
    expect(rest.nextCursor).toBeNull();

    counter.count = 0;
    const both = await store.list('contacts', { filters: { account: 'KA-1', email: 'KC-3@example.com' } });
    expect(counter.count).toBe(1);
    expect(both.items.map((item) => [item.id, item.integrationIds])).toEqual([['KC-3', { a: '13' }]]);
  });
});
