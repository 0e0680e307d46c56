import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../../src/bss/store/index.js';
import { databaseTargets } from '../../support/database.js';
import { useRecordStore } from '../../support/record-store-suite.js';

describe.each(databaseTargets())('versions on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  it('starts at 1 and adds 1 per write that changes something', async () => {
    const created = await suite.store.create(
      'currencies',
      { id: 'usd', name: 'US Dollar', code: 'USD' },
      api,
    );
    expect(created.version).toBe(1);
    const patched = await suite.store.update('currencies', 'usd', { symbol: '$' }, api);
    expect(patched.version).toBe(2);
    const same = await suite.store.update('currencies', 'usd', { symbol: '$' }, api);
    expect(same.version).toBe(2);
  });

  it('refuses a write against a stale version, naming both versions', async () => {
    await suite.store.create('currencies', { id: 'gbp', name: 'Pound', code: 'GBP' }, api);
    await suite.store.update('currencies', 'gbp', { name: 'Pound sterling' }, api);
    const error = await suite.store
      .update('currencies', 'gbp', { symbol: '£' }, { ...api, expectedVersion: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ status: 409, expectedVersion: 1, actualVersion: 2 });
    await expect(
      suite.store.upsert('currencies', 'gbp', { name: 'x', code: 'GBP' }, { ...api, expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await expect(
      suite.store.remove('currencies', 'gbp', { ...api, expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await suite.store.get('currencies', 'gbp'))?.name).toBe('Pound sterling');
  });

  it('refuses an expected version for a record that does not exist', async () => {
    await expect(
      suite.store.upsert('currencies', 'nope', { name: 'x', code: 'XXX' }, { ...api, expectedVersion: 3 }),
    ).rejects.toMatchObject({ status: 409, actualVersion: null });
  });

  it('lets exactly one of two concurrent writers that both read v1 win', async () => {
    for (let round = 0; round < 5; round++) {
      const id = `race-${round}`;
      const read = await suite.store.create('currencies', { id, name: 'Race', code: 'RAC' }, api);
      const outcomes = await Promise.allSettled([
        suite.store.update('currencies', id, { name: 'Writer A' }, { ...api, expectedVersion: read.version }),
        suite.store.upsert(
          'currencies',
          id,
          { name: 'Writer B', code: 'RAC' },
          { ...api, expectedVersion: read.version },
        ),
      ]);
      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
      const stored = await suite.store.get('currencies', id);
      expect(stored?.version).toBe(2);
      expect(['Writer A', 'Writer B']).toContain(stored?.name);
    }
  });

  it('loses no update when many writers patch without a version', async () => {
    await suite.store.create('account-types', { id: 'counter', name: 'Counter', position: 0 }, api);
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        suite.store.update('account-types', 'counter', { name: `Writer ${index}` }, api),
      ),
    );
    const stored = await suite.store.get('account-types', 'counter');
    const { changes } = await suite.store.changesAfter(null, 500, {});
    const versions = changes
      .filter((change) => change.recordId === 'counter')
      .map((change) => change.version);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => index + 1));
    expect(stored?.version).toBe(versions.at(-1));
  });
});
