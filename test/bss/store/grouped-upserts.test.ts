import { describe, expect, it } from 'vitest';
import {
  UnknownReferenceError,
  VersionConflictError,
  type Change,
  type RecordStore,
} from '../../../src/bss/store/index.js';
import { databaseTargets } from '../../support/database.js';
import { failChangeRowsFor } from '../../support/forced-failure.js';
import { useRecordStore } from '../../support/record-store-suite.js';

/**
 * Upserts that arrive while the store is writing (or in the same turn of the event loop) queue up and are written
 * together in one transaction. Called in one go, they form one group: every guarantee of a lone upsert must hold
 * for each of them.
 */
describe.each(databaseTargets())('upserts written as a group on $name', (target) => {
  const suite = useRecordStore(target);

  async function changesSince(cursor: string | null): Promise<Change[]> {
    const changes: Change[] = [];
    for (;;) {
      const page = await suite.store.changesAfter(cursor, 100);
      if (page.changes.length === 0) return changes;
      changes.push(...page.changes);
      cursor = page.nextCursor;
    }
  }

  async function cursorNow(): Promise<string | null> {
    let cursor: string | null = null;
    for (;;) {
      const page = await suite.store.changesAfter(cursor, 100);
      if (page.changes.length === 0) return cursor;
      cursor = page.nextCursor;
    }
  }

  function settleAll<T>(calls: Array<Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
    return Promise.allSettled(calls);
  }

  const upsert = (store: RecordStore, id: string, input: Record<string, unknown>, actor: string) =>
    store.upsert('countries', id, input, { origin: 'api', actor });

  it('gives each upsert its own record, version and change row with its own writer', async () => {
    const start = await cursorNow();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        upsert(
          suite.store,
          `g${index}`,
          { name: `Country ${index}`, code: `G${'ABCDEFGH'[index]}` },
          `token:w${index}`,
        ),
      ),
    );
    expect(results.map(({ record, created }) => [record.id, record.version, created])).toEqual(
      Array.from({ length: 8 }, (_, index) => [`g${index}`, 1, true]),
    );
    // All eight were written in one go (one transaction, one timestamp).
    expect(new Set(results.map(({ record }) => record.updatedAt)).size).toBe(1);
    for (const { record } of results) expect(await suite.store.get('countries', record.id)).toEqual(record);
    const changes = await changesSince(start);
    expect(changes.map(({ recordId, action, version }) => [recordId, action, version])).toEqual(
      results.map(({ record }) => [record.id, 'created', 1]),
    );
    expect(changes.map((change) => change.record)).toEqual(results.map(({ record }) => record));
    const actors = await suite.database.db
      .selectFrom('bss_record_changes')
      .select(['record_id', 'actor', 'origin'])
      .where('seq', '>', start ?? '0')
      .orderBy('seq')
      .execute();
    expect(actors).toEqual(
      results.map(({ record }, index) => ({ record_id: record.id, actor: `token:w${index}`, origin: 'api' })),
    );
  });

  it('applies upserts of one record in order, one version each, and refuses stale expected versions', async () => {
    await upsert(suite.store, 'same', { name: 'Version 1', code: 'SA' }, 'setup');
    const start = await cursorNow();
    const settled = await settleAll([
      upsert(suite.store, 'same', { name: 'Version 2', code: 'SA' }, 'a'),
      upsert(suite.store, 'same', { name: 'Version 3', code: 'SA' }, 'b'),
      suite.store.upsert(
        'countries',
        'same',
        { name: 'Stale', code: 'SA' },
        { origin: 'api', expectedVersion: 1 },
      ),
      suite.store.upsert(
        'countries',
        'same',
        { name: 'Version 4', code: 'SA' },
        { origin: 'api', expectedVersion: 3 },
      ),
      upsert(suite.store, 'same', { name: 'Version 4', code: 'SA' }, 'unchanged'),
    ]);
    const values = settled.map((result) => (result.status === 'fulfilled' ? result.value : result.reason));
    expect(values[0]).toMatchObject({ record: { name: 'Version 2', version: 2 }, created: false });
    expect(values[1]).toMatchObject({ record: { name: 'Version 3', version: 3 }, created: false });
    expect(values[2]).toBeInstanceOf(VersionConflictError);
    expect(values[2]).toMatchObject({ status: 409, expectedVersion: 1, actualVersion: 3 });
    expect(values[3]).toMatchObject({ record: { name: 'Version 4', version: 4 }, created: false });
    expect(values[4]).toMatchObject({ record: { name: 'Version 4', version: 4 }, created: false });
    const changes = await changesSince(start);
    expect(changes.map(({ recordId, version }) => [recordId, version])).toEqual([
      ['same', 2],
      ['same', 3],
      ['same', 4],
    ]);
    expect(await suite.store.get('countries', 'same')).toMatchObject({ name: 'Version 4', version: 4 });
  });

  it('refuses only the upsert whose reference does not hold', async () => {
    await suite.store.upsert('countries', 'ref-country', { name: 'Referred', code: 'RC' }, { origin: 'api' });
    const start = await cursorNow();
    const settled = await settleAll(
      ['ref-country', 'ref-country', 'nowhere', 'ref-country'].map((country, index) =>
        suite.store.upsert(
          'states',
          `st${index}`,
          { name: `State ${index}`, code: 'S', country: { id: country } },
          {
            origin: 'api',
          },
        ),
      ),
    );
    expect(settled.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const refused = (settled[2] as PromiseRejectedResult).reason as UnknownReferenceError;
    expect(refused).toBeInstanceOf(UnknownReferenceError);
    expect(refused.message).toBe('country.id "nowhere" is not a country');
    expect(await suite.store.get('states', 'st2')).toBeUndefined();
    expect((await changesSince(start)).map((change) => change.recordId)).toEqual(['st0', 'st1', 'st3']);
  });

  it('fails only the upsert the database refuses, and leaves nothing of it behind', async () => {
    await failChangeRowsFor(suite.database, 'grouped-doomed');
    const start = await cursorNow();
    const settled = await settleAll(
      ['grouped-first', 'grouped-ok', 'grouped-doomed', 'grouped-fine'].map((id, index) =>
        upsert(suite.store, id, { name: `Country ${id}`, code: `D${'ABCD'[index]}` }, 'w'),
      ),
    );
    expect(settled.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/forced failure/);
    expect(await suite.store.get('countries', 'grouped-doomed')).toBeUndefined();
    expect((await changesSince(start)).map((change) => change.recordId)).toEqual([
      'grouped-first',
      'grouped-ok',
      'grouped-fine',
    ]);
  });
});
