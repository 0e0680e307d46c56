import { describe, expect, it } from 'vitest';
import { RecordValidationError, UnknownReferenceError } from '../../../src/bss/store/index.js';
import { databaseTargets } from '../../support/database.js';
import { sampleInputs, seedSampleRecords } from '../../support/bss-records.js';
import { useRecordStore } from '../../support/record-store-suite.js';

describe.each(databaseTargets())('write batches on $name', (target) => {
  const suite = useRecordStore(target);
  const imported = { origin: 'import' as const, actor: 'import:test.csv' };

  it('writes the good rows and reports each bad row on its own', async () => {
    await seedSampleRecords(suite.store, 'accounts');
    const results = await suite.store.writeBatch(
      'accounts',
      [
        { id: 'b-1', input: { name: 'First', type: { id: 'sample-type' } } },
        { id: 'b-2', input: { name: '' } },
        { id: 'b-3', input: { name: 'Third', type: { id: 'nope' } } },
        { id: 'b-4', input: { name: 'Child', parentAccount: { id: 'b-1' } } },
        { input: { name: 'No id given' } },
      ],
      imported,
    );
    expect(results.map((result) => result.ok)).toEqual([true, false, false, true, true]);
    expect(results[1]).toMatchObject({ ok: false, error: expect.any(RecordValidationError) });
    expect(results[2]).toMatchObject({ ok: false, error: expect.any(UnknownReferenceError) });
    expect(results[0]).toMatchObject({ ok: true, created: true, record: { id: 'b-1', version: 1 } });
    expect(await suite.store.get('accounts', 'b-4')).toMatchObject({ parentAccount: { id: 'b-1' } });
    expect(await suite.store.get('accounts', 'b-2')).toBeUndefined();
    const { changes } = await suite.store.changesAfter(null, 500, {});
    const batchChanges = changes.filter((change) => change.origin === 'import');
    expect(batchChanges.map((change) => change.recordId)).toHaveLength(3);
  });

  it('updates existing rows, skips unchanged ones and follows repeats of one id in order', async () => {
    const results = await suite.store.writeBatch(
      'accounts',
      [
        { id: 'b-1', input: { name: 'First', type: { id: 'sample-type' } } },
        { id: 'b-4', input: { name: 'Child renamed', parentAccount: { id: 'b-1' } } },
        { id: 'b-5', input: { name: 'Fifth' } },
        { id: 'b-5', input: { name: 'Fifth again' } },
      ],
      imported,
    );
    expect(results).toMatchObject([
      { ok: true, created: false, record: { version: 1 } },
      { ok: true, created: false, record: { version: 2, name: 'Child renamed' } },
      { ok: true, created: true, record: { version: 1, name: 'Fifth' } },
      { ok: true, created: false, record: { version: 2, name: 'Fifth again' } },
    ]);
    expect(await suite.store.get('accounts', 'b-5')).toMatchObject({ name: 'Fifth again', version: 2 });
  });

  it('refuses a row whose body id differs from its row id, and a row id that is no id', async () => {
    const results = await suite.store.writeBatch(
      'accounts',
      [
        { id: 'row-id', input: { ...sampleInputs.accounts, id: 'other-id' } },
        { id: 'has space', input: { name: 'Spaced' } },
      ],
      imported,
    );
    expect(results).toMatchObject([
      { ok: false, error: { status: 400, issues: [{ path: 'id', rule: 'matchesPath' }] } },
      { ok: false, error: { status: 400, issues: [{ path: 'id', rule: 'pattern' }] } },
    ]);
  });

  it('checks a dry run exactly like a write, and writes nothing', async () => {
    const before = await suite.store.changesAfter(null, 500, {});
    const results = await suite.store.writeBatch(
      'accounts',
      [
        { id: 'dry-1', input: { name: 'Dry parent' } },
        { id: 'dry-2', input: { name: 'Dry child', parentAccount: { id: 'dry-1' } } },
        { id: 'dry-3', input: { name: 'Dry orphan', parentAccount: { id: 'nowhere' } } },
      ],
      imported,
      { dryRun: true },
    );
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    expect(await suite.store.get('accounts', 'dry-1')).toBeUndefined();
    expect((await suite.store.changesAfter(null, 500, {})).changes).toHaveLength(before.changes.length);
  });

  it('writes a large batch in one go', async () => {
    const rows = Array.from({ length: 1200 }, (_, index) => ({
      id: `bulk-${index}`,
      input: { name: `Bulk ${index}`, type: { id: 'sample-type' } },
    }));
    const results = await suite.store.writeBatch('accounts', rows, imported);
    expect(results.every((result) => result.ok)).toBe(true);
    const page = await suite.store.list('accounts', { filters: { type: 'sample-type' }, limit: 500 });
    expect(page.items).toHaveLength(500);
    expect(page.nextCursor).not.toBeNull();
  });
});
