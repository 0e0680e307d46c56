import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCommand, type ImportCommandOptions } from '../../../src/cli/commands/import.js';
import { createRecordStore } from '../../../src/bss/store/index.js';
import { createDatabase } from '../../../src/db/index.js';
import { databaseTargets } from '../../support/database.js';
import { createCommandDatabase, type CommandDatabase } from '../../support/command-database.js';
import { fixturePath, seedAccountLookups } from './seed-lookups.js';

async function runImport(file: string, options: ImportCommandOptions) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runImportCommand(file, options, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe.each(databaseTargets())('cwsync import on $name', (target) => {
  let database: CommandDatabase;
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-import-cli-'));

  beforeAll(async () => {
    database = await createCommandDatabase(target.name);
    const handle = createDatabase(database.url);
    await handle.migrate();
    await seedAccountLookups(createRecordStore(handle.db));
    await handle.destroy();
  });
  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exits 0 when every row went in', async () => {
    const file = join(folder, 'accounts.jsonl');
    writeFileSync(
      file,
      '{"id":"cli-1","name":"One"}\n{"id":"cli-2","name":"Two","type":{"id":"reseller"}}\n',
    );

    const result = await runImport(file, { databaseUrl: database.url });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created 2, updated 0, unchanged 0, failed 0');
  });

  it('exits 2 when some rows failed, listing each by line, field and rule', async () => {
    const result = await runImport(fixturePath('accounts.csv'), { databaseUrl: database.url });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('created 3');
    expect(result.stdout).toContain(
      'line 6 acc-1004  type.id: unknownReference, "wholesale" is not an account type',
    );
  });

  it('prints the summary and every error as JSON with --json', async () => {
    const result = await runImport(fixturePath('accounts.jsonl'), { databaseUrl: database.url, json: true });

    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout) as {
      entity: string;
      created: number;
      failed: number;
      errors: unknown[];
    };
    expect(summary).toMatchObject({ entity: 'accounts', format: 'jsonl', created: 2, failed: 5 });
    expect(summary.errors).toContainEqual({
      row: 6,
      id: 'acc-2005',
      field: 'currency.id',
      rule: 'unknownReference',
      message: '"GBP" is not a currency',
    });
  });

  it('exits 1, writing nothing, when the file cannot be read or its header names no field', async () => {
    const missing = await runImport(join(folder, 'no-such-accounts.csv'), { databaseUrl: database.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*no-such-accounts\.csv: ENOENT/);

    const badHeader = join(folder, 'contacts.csv');
    writeFileSync(badHeader, 'id,firstName,account,shoeSize\nc-1,Ann,cli-1,42\n');
    const header = await runImport(badHeader, { databaseUrl: database.url, json: true });
    expect(header.code).toBe(1);
    expect(JSON.parse(header.stdout)).toEqual({
      error: expect.stringContaining('"shoeSize" name no field of contacts'),
    });
  });

  it('exits 2 naming line and field for bytes that are not UTF-8, and 1 for a JSON array file', async () => {
    const latin1 = join(folder, 'latin1-accounts.jsonl');
    writeFileSync(
      latin1,
      Buffer.concat([Buffer.from('{"id":"cli-u1","name":"Caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
    );
    const encoding = await runImport(latin1, { databaseUrl: database.url });
    expect(encoding.code).toBe(2);
    expect(encoding.stdout).toContain('line 1  name: utf8, must be valid UTF-8');

    const array = join(folder, 'array-accounts.json');
    writeFileSync(array, JSON.stringify([{ id: 'cli-a1', name: 'A' }], null, 2));
    const refused = await runImport(array, { databaseUrl: database.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 1 starts a JSON array');
  });

  it('writes nothing on --dry-run and still exits 2 for the rows that would fail', async () => {
    const file = join(folder, 'accounts.csv');
    writeFileSync(file, 'id,name\ndry-1,Dry One\ndry-2,\n');

    const result = await runImport(file, { databaseUrl: database.url, dryRun: true });

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Dry run (nothing written)');
    expect(result.stdout).toContain('created 1');
    const handle = createDatabase(database.url);
    try {
      expect(await createRecordStore(handle.db).get('accounts', 'dry-1')).toBeUndefined();
    } finally {
      await handle.destroy();
    }
  });
});
