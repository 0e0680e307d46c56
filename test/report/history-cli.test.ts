// `cwsync history <module> <id>`: a record's story from the command line, newest first, with what is not kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createReportRepository } from '../../src/report/index.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { databaseTargets } from '../support/database.js';
import { runCliInProcess } from '../support/run-cli-in-process.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('cwsync history on $name', (target) => {
  let command: CommandDatabase;
  let database: DatabaseHandle;
  const cli = (...args: string[]) => runCliInProcess([...args, '--database-url', command.url]);

  beforeAll(async () => {
    command = await createCommandDatabase(target.name);
    database = createDatabase(command.url);
    await database.migrate();
    const store = createRecordStore(database.db);
    await store.upsert('account-types', 'customer', { name: 'Customer' }, api);
    await store.upsert('accounts', 'H-1', { name: 'History Ltd', type: { id: 'customer' } }, api);
    await store.update('accounts', 'H-1', { name: 'History Limited' }, api);
    await createReportRepository(database.db).recordOutcome('tenant-h', 'accounts', 'H-1', 'push', {
      outcome: 'failed',
      failure: {
        field: 'name',
        message: 'ConnectWise refused the company',
        connectwise: { status: 400, errors: [{ field: 'name', message: 'name is already in use' }] },
        retryable: false,
      },
    });
  });
  afterAll(async () => {
    await database?.destroy();
    await command?.drop();
  });

  it('prints the writes and the refusal newest first, and says what it cannot show', async () => {
    const story = await cli('history', 'accounts', 'H-1');
    expect(story.code).toBe(0);
    const lines = story.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^\S+ {2}tenant-h: push failed \(1 attempts since \S+\): ConnectWise refused the company — ConnectWise: .*name is already in use/,
    );
    expect(lines[1]).toMatch(/^\S+ {2}BSS write \(api\), updated, version 2: name$/);
    expect(lines[2]).toMatch(/^\S+ {2}BSS write \(api\), created, version 1: .*\bname\b.*\btype\b/);
    expect(story.stdout).toMatch(/Not kept, so not shown: each push as it was sent/);

    const json = JSON.parse((await cli('history', 'accounts', 'H-1', '--json')).stdout) as {
      events: unknown[];
    };
    expect(json.events).toHaveLength(3);
    expect((await cli('history', 'planets', 'H-1')).stderr).toMatch(
      /module: "planets" must be one of accounts/,
    );
    expect((await cli('history', 'accounts', 'H-1', '--instance', 'nowhere')).code).toBe(1);
  });
});
