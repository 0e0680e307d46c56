// Files that used to import half or import wrong: a JSON array, bytes that are not UTF-8, lone surrogates, a
// __proto__ key. Each is refused by line and field (or, for the array, as a whole before anything is written);
// the good rows around a bad one are imported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile, ImportFileError } from '../../../src/bss/import/index.js';
import { createRecordStore, type RecordStore } from '../../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../../src/db/index.js';
import { databaseTargets } from '../../support/database.js';

describe.each(databaseTargets())('hostile import files on $name', (target) => {
  let database: DatabaseHandle;
  let store: RecordStore;
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-hostile-'));

  beforeAll(async () => {
    database = await target.open();
    store = createRecordStore(database.db);
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await database.db.deleteFrom('bss_record_keys').execute();
    await database.db.deleteFrom('bss_records').execute();
  });

  const write = (name: string, content: string | Buffer) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const accountIds = async () =>
    (await store.list('accounts', { limit: 100 })).items.map((account) => account.id).sort();
  const problems = (summary: Awaited<ReturnType<typeof importFile>>) =>
    summary.errors.map(({ row, field, rule }) => ({ row, field, rule }));

  it('a pretty-printed JSON array is refused as a whole: not even its last element is imported', async () => {
    const records = [
      { id: 'arr-1', name: 'First' },
      { id: 'arr-2', name: 'Last' },
    ];
    const path = write('array-accounts.json', JSON.stringify(records, null, 2));
    await expect(importFile({ store, path })).rejects.toThrow(ImportFileError);
    await expect(importFile({ store, path })).rejects.toThrow(/line 1 starts a JSON array/);
    const oneLine = write('one-line-accounts.json', `\ufeff${JSON.stringify(records)}\n`);
    await expect(importFile({ store, path: oneLine })).rejects.toThrow(/JSON array/);
    expect(await accountIds()).toEqual([]);
  });

  it('bytes that are not UTF-8 fail their line, naming the field; the other lines import', async () => {
    const path = write(
      'utf8-accounts.jsonl',
      Buffer.concat([
        Buffer.from('{"id":"u-1","name":"Fine"}\n{"id":"u-2","name":"Caf'),
        Buffer.from([0xe9]),
        Buffer.from(' Latin-1"}\r\n{"id":"u-3","name":"Also fine"}\n'),
      ]),
    );
    const summary = await importFile({ store, path });
    expect(summary).toMatchObject({ rows: 3, created: 2, failed: 1 });
    expect(problems(summary)).toEqual([{ row: 2, field: 'name', rule: 'utf8' }]);
    expect(await accountIds()).toEqual(['u-1', 'u-3']);
  });

  it('a lone surrogate and a __proto__ key fail their line by field and rule; a surrogate pair imports', async () => {
    const path = write(
      'escapes-accounts.jsonl',
      [
        '{"id":"s-1","name":"Half \\ud800 a pair"}',
        '{"id":"s-2","name":"Proto","__proto__":{"isTaxable":false}}',
        '{"id":"s-3","name":"Smile \\ud83d\\ude00"}',
      ].join('\n'),
    );
    const summary = await importFile({ store, path });
    expect(problems(summary)).toEqual([
      { row: 1, field: 'name', rule: 'noLoneSurrogate' },
      { row: 2, field: '__proto__', rule: 'forbiddenKey' },
    ]);
    expect(await accountIds()).toEqual(['s-3']);
    expect((await store.get('accounts', 's-3'))?.name).toBe('Smile 😀');
  });

  it('a CSV cell that is not UTF-8 fails its row, naming the field; the other rows import', async () => {
    const path = write(
      'latin1-accounts.csv',
      Buffer.concat([
        Buffer.from('id,name,city\nc-1,Fine,Athens\nc-2,Caf'),
        Buffer.from([0xe9]),
        Buffer.from(',Paris\nc-3,Also fine,Rome\n'),
      ]),
    );
    const summary = await importFile({ store, path });
    expect(problems(summary)).toEqual([{ row: 3, field: 'name', rule: 'utf8' }]);
    expect(await accountIds()).toEqual(['c-1', 'c-3']);
  });

  it('a CSV JSON cell with a lone surrogate fails its row by field', async () => {
    const path = write(
      'custom-accounts.csv',
      'id,name,customValues\nj-1,Json,"[{""name"":""a"",""value"":""\\ud800""}]"\nj-2,Fine,\n',
    );
    const summary = await importFile({ store, path });
    expect(problems(summary)).toEqual([{ row: 2, field: 'customValues[0].value', rule: 'noLoneSurrogate' }]);
    expect(await accountIds()).toEqual(['j-2']);
  });
});
