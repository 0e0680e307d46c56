import { describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/database.js';
import { failChangeRowsFor } from '../../support/forced-failure.js';
import { useRecordStore } from '../../support/record-store-suite.js';

describe.each(databaseTargets())('outbox atomicity on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  async function rowsFor(id: string): Promise<{ records: number; changes: number; keys: number }> {
    const { db } = suite.database;
    const records = await db.selectFrom('bss_records').select('id').where('id', '=', id).execute();
    const changes = await db
      .selectFrom('bss_record_changes')
      .select('seq')
      .where('record_id', '=', id)
      .execute();
    const keys = await db.selectFrom('bss_record_keys').select('name').where('record_id', '=', id).execute();
    return { records: records.length, changes: changes.length, keys: keys.length };
  }

  it('writes every change row with its record', async () => {
    await suite.store.create('countries', { id: 'fr', name: 'France', code: 'FR' }, api);
    expect(await rowsFor('fr')).toEqual({ records: 1, changes: 1, keys: 1 });
  });

  it('leaves neither record nor change row when the change row fails on create', async () => {
    await failChangeRowsFor(suite.database, 'doomed');
    await expect(
      suite.store.create('countries', { id: 'doomed', name: 'Doomed', code: 'DD' }, api),
    ).rejects.toThrow(/forced failure/);
    expect(await rowsFor('doomed')).toEqual({ records: 0, changes: 0, keys: 0 });
  });

  it('keeps the old version when the change row of an update fails', async () => {
    await suite.store.create('countries', { id: 'doomed-later', name: 'Fine', code: 'DL' }, api);
    await failChangeRowsFor(suite.database, 'doomed-later');
    await expect(suite.store.update('countries', 'doomed-later', { name: 'Broken' }, api)).rejects.toThrow(
      /forced failure/,
    );
    expect(await suite.store.get('countries', 'doomed-later')).toMatchObject({ name: 'Fine', version: 1 });
  });

  it('rolls back the whole batch when a change row fails', async () => {
    const results = suite.store.writeBatch(
      'countries',
      [
        { input: { id: 'batch-ok', name: 'Fine', code: 'BO' } },
        { input: { id: 'doomed', name: 'Doomed', code: 'DD' } },
      ],
      { origin: 'import' },
    );
    await expect(results).rejects.toThrow(/forced failure/);
    expect(await rowsFor('batch-ok')).toEqual({ records: 0, changes: 0, keys: 0 });
  });
});
