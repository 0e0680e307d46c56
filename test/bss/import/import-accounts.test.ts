import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/bss/import/index.js';
import { createRecordStore, type RecordStore } from '../../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../../src/db/index.js';
import { databaseTargets } from '../../support/database.js';
import { fixturePath, seedAccountLookups } from './seed-lookups.js';

async function countChanges(store: RecordStore, entity: string): Promise<number> {
  let cursor: string | null = null;
  let count = 0;
  for (;;) {
    const page = await store.changesAfter(cursor, 500);
    count += page.changes.filter((change) => change.entity === entity).length;
    if (page.changes.length < 500) return count;
    cursor = page.nextCursor;
  }
}

describe.each(databaseTargets())('importing accounts on $name', (target) => {
  let database: DatabaseHandle;
  let store: RecordStore;
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-import-'));

  beforeAll(async () => {
    database = await target.open();
    store = createRecordStore(database.db);
    await seedAccountLookups(store);
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await database.db.deleteFrom('bss_record_keys').where('entity', '=', 'accounts').execute();
    await database.db.deleteFrom('bss_records').where('entity', '=', 'accounts').execute();
  });

  it('commits the good CSV rows and reports each bad one by line, field and rule', async () => {
    const summary = await importFile({ store, path: fixturePath('accounts.csv') });

    expect(summary).toMatchObject({
      entity: 'accounts',
      format: 'csv',
      rows: 6,
      created: 3,
      updated: 0,
      failed: 3,
    });
    expect(summary.errors.map(({ row, id, field, rule }) => ({ row, id, field, rule }))).toEqual([
      { row: 5, id: 'acc-1003', field: 'name', rule: 'required' },
      { row: 6, id: 'acc-1004', field: 'type.id', rule: 'unknownReference' },
      { row: 7, id: 'acc-1005', field: 'addresses[0].countryCode', rule: 'pattern' },
      { row: 7, id: 'acc-1005', field: 'corpEmail', rule: 'format:email' },
    ]);
    expect(summary.errors[1]?.message).toContain('"wholesale" is not an account type');
    for (const id of ['acc-1003', 'acc-1004', 'acc-1005'])
      expect(await store.get('accounts', id)).toBeUndefined();
  });

  it('maps flat CSV columns onto the account: references, billing address, booleans', async () => {
    await importFile({ store, path: fixturePath('accounts.csv') });

    const beta = await store.get('accounts', 'acc-1002');
    expect(beta).toMatchObject({
      id: 'acc-1002',
      version: 1,
      code: 'BETA',
      name: 'Beta Cloud, Ltd',
      type: { id: 'end-customer' },
      currency: { id: 'EUR' },
      addresses: [
        {
          address1: '22 Baker St\nFloor 2',
          city: 'London',
          postCode: 'NW1 6XE',
          countryCode: 'GB',
          isBilling: true,
        },
      ],
      phone: '+44 20 7946 0000',
      corpEmail: 'accounts@beta.example',
      webSite: 'https://beta.example',
      isTaxable: false,
    });
    expect((await store.get('accounts', 'acc-1001'))?.isTaxable).toBe(true);
  });

  it('imports JSON lines, reporting unreadable lines and invalid records by line number', async () => {
    const summary = await importFile({ store, path: fixturePath('accounts.jsonl') });

    expect(summary).toMatchObject({ format: 'jsonl', rows: 7, created: 2, failed: 5 });
    expect(summary.errors.map(({ row, field, rule }) => ({ row, field, rule }))).toEqual([
      { row: 4, field: 'name', rule: 'required' },
      { row: 4, field: 'phone', rule: 'pattern' },
      { row: 5, field: '', rule: 'json_syntax' },
      { row: 6, field: 'currency.id', rule: 'unknownReference' },
      { row: 7, field: '', rule: 'json_object' },
      { row: 8, field: 'addresses', rule: 'singleBillingAddress' },
    ]);
    expect(await store.get('accounts', 'acc-2002')).toMatchObject({ parentAccount: { id: 'acc-2001' } });
  });

  it('is idempotent: a second import of the same file creates nothing, rewrites nothing, adds no change row', async () => {
    const first = await importFile({ store, path: fixturePath('accounts.csv') });
    const changesAfterFirst = await countChanges(store, 'accounts');
    const second = await importFile({ store, path: fixturePath('accounts.csv') });

    expect(first.created).toBe(3);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 3 });
    expect(await countChanges(store, 'accounts')).toBe(changesAfterFirst);
    expect((await store.get('accounts', 'acc-1001'))?.version).toBe(1);
    const all = await store.list('accounts', { limit: 100 });
    expect(all.items).toHaveLength(3);
  });

  it('upserts a row whose id exists: one new version, counted as updated', async () => {
    await importFile({ store, path: fixturePath('accounts.csv') });
    const changed = join(folder, 'accounts.csv');
    writeFileSync(
      changed,
      'id,name,type,currency\nacc-1001,Acme Hosting SA,reseller,EUR\nacc-9001,New One,,\n',
    );

    const summary = await importFile({ store, path: changed });

    expect(summary).toMatchObject({ created: 1, updated: 1, unchanged: 0, failed: 0 });
    const acme = await store.get('accounts', 'acc-1001');
    expect(acme).toMatchObject({ name: 'Acme Hosting SA', version: 2 });
    // A row replaces the record (PUT semantics): columns the file does not have are not kept.
    expect(acme?.addresses).toEqual([]);
  });

  it('writes nothing on a dry run, yet reports what it would do and every bad row', async () => {
    const before = await countChanges(store, 'accounts');
    const summary = await importFile({ store, path: fixturePath('accounts.jsonl'), dryRun: true });

    expect(summary).toMatchObject({ dryRun: true, rows: 7, created: 2, failed: 5 });
    expect(summary.errors.map((error) => error.row)).toEqual([4, 4, 5, 6, 7, 8]);
    expect(await countChanges(store, 'accounts')).toBe(before);
    expect(await store.get('accounts', 'acc-2001')).toBeUndefined();
  });

  it('commits rows in batches: a bad row in one batch does not hold back the others', async () => {
    const path = join(folder, 'many-accounts.jsonl');
    const lines = Array.from({ length: 25 }, (_, index) =>
      JSON.stringify(
        index === 11 ? { id: `bulk-${index}`, name: '' } : { id: `bulk-${index}`, name: `Bulk ${index}` },
      ),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);

    const summary = await importFile({ store, path, entity: 'accounts', batchSize: 10 });

    expect(summary).toMatchObject({ rows: 25, created: 24, failed: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({ row: 12, id: 'bulk-11', field: 'name', rule: 'required' }),
    ]);
    expect((await store.list('accounts', { limit: 100 })).items).toHaveLength(24);
  });

  it('infers the entity from the file name and refuses a name it cannot read', async () => {
    const renamed = join(folder, '2026-11-25-accounts.csv');
    copyFileSync(fixturePath('accounts.csv'), renamed);
    expect((await importFile({ store, path: renamed })).entity).toBe('accounts');

    const anonymous = join(folder, 'export.csv');
    copyFileSync(fixturePath('accounts.csv'), anonymous);
    await expect(importFile({ store, path: anonymous })).rejects.toThrow(/pass --entity/);
  });
});
