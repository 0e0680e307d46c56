import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyKeys } from '../../src/sandbox/http/api-members.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { runCliProcess, type CliResult } from '../support/cli-process.js';
import { databaseTargets } from '../support/database.js';
import { testKeys } from '../connectwise/support/test-client.js';

const privateKey = 'sandbox-private';

/** exit code 0 and nothing on stderr (shown in full when it fails) */
function expectSuccess(result: CliResult): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
}

// Each test runs the CLI several times as a process (compiled from the sources at each start): minutes on a loaded
// machine, not the default 30 s.
describe.each(databaseTargets())('cwsync instance and lookup on $name', { timeout: 120_000 }, (target) => {
  let sandbox: RunningSandbox;
  let database: CommandDatabase;
  const env = {
    CWSYNC_SECRET_KEY: randomBytes(32).toString('hex'),
    CWSYNC_PUBLIC_KEY: '',
    CWSYNC_PRIVATE_KEY: '',
  };
  const cli = (...args: string[]): Promise<CliResult> =>
    runCliProcess([...args, '--database-url', database.url], env);
  const noKeys = (result: CliResult) => {
    expect(result.stdout + result.stderr).not.toContain(privateKey);
    expect(result.stdout + result.stderr).not.toContain(readOnlyKeys.privateKey);
    return result;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    database = await createCommandDatabase(target.name);
  });
  afterAll(async () => {
    await sandbox?.stop();
    await database?.drop();
  });

  it('adds an instance with keys from the environment, lists and shows it without them', async () => {
    const added = noKeys(
      await runCliProcess(
        [
          'instance',
          'add',
          'Sandbox tenant',
          '--site-url',
          sandbox.url,
          '--company-id',
          'cwsync',
          '--client-id',
          testKeys.clientId,
          '--set-variable',
          'productCategoryId=3',
          '--option',
          'contacts.pull.create=off',
          '--database-url',
          database.url,
          '--json',
        ],
        { ...env, CWSYNC_PUBLIC_KEY: 'sandbox-public', CWSYNC_PRIVATE_KEY: privateKey },
      ),
    );
    expect(added.stderr).toBe('');
    expectSuccess(added);
    expect(JSON.parse(added.stdout)).toMatchObject({
      id: 'sandbox-tenant',
      hasKeys: true,
      serverVariables: { productCategoryId: 3 },
      syncOptions: { 'contacts.pull.create': false },
    });

    const listed = noKeys(await cli('instance', 'list'));
    expect(listed.stdout).toContain(`sandbox-tenant  Sandbox tenant  ${sandbox.url}  enabled`);
    const shown = noKeys(await cli('instance', 'show', 'Sandbox tenant', '--json'));
    expect(JSON.parse(shown.stdout)).toMatchObject({
      effectiveServerVariables: { productCategoryId: 3, productBillableOption: 'Billable' },
      effectiveSyncOptions: { contacts: { 'pull.create': false, 'pull.update': true } },
    });
  });

  it('refuses a bad instance with one line naming each field', async () => {
    const result = noKeys(
      await cli(
        'instance',
        'add',
        'Broken',
        '--site-url',
        sandbox.url,
        '--company-id',
        'cwsync',
        '--client-id',
        'x',
        '--public-key',
        'p',
        '--private-key',
        privateKey,
        '--set-variable',
        'nope=1',
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'clientId: clientId must be the GUID issued at developer.connectwise.com/ClientID',
    );
    expect((await cli('instance', 'list', '--json')).stdout).not.toContain('Broken');
  });

  it('tests the connection and says what is wrong, with exit code 1 on failure', async () => {
    const ok = noKeys(await cli('instance', 'test', 'sandbox-tenant', '--json'));
    expectSuccess(ok);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, codebase: 'v2025_1', apiVersion: '2022.1' });

    noKeys(
      await runCliProcess(['instance', 'update', 'sandbox-tenant', '--database-url', database.url], {
        ...env,
        CWSYNC_PUBLIC_KEY: readOnlyKeys.publicKey,
        CWSYNC_PRIVATE_KEY: readOnlyKeys.privateKey,
      }),
    );
    const denied = noKeys(await cli('instance', 'test', 'sandbox-tenant'));
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/Connection failed \(no-permission\): .*may not add companies/);
    const readOnly = noKeys(await cli('instance', 'test', 'sandbox-tenant', '--no-write-check'));
    expectSuccess(readOnly);
  });

  it('lists the ConnectWise values a lookup can map to, for a picker', async () => {
    const currencies = sandbox.context.store.list('finance/currencies');
    const options = noKeys(
      await cli('lookup', 'options', '--instance', 'sandbox-tenant', '--lookup', 'Currency', '--json'),
    );
    expectSuccess(options);
    expect(JSON.parse(options.stdout)).toEqual({
      connectwiseValue: 'id',
      items: currencies.map((row) => ({
        integrationId: String(row.id),
        label: String(row.currencyIdentifier),
      })),
    });
    // a typed lookup: ConnectWise lists no payment types, so the command says how to set one instead
    const typed = noKeys(
      await cli('lookup', 'options', '--instance', 'sandbox-tenant', '--lookup', 'PaymentMethod'),
    );
    expectSuccess(typed);
    expect(typed.stdout).toContain('ConnectWise lists no PaymentMethod values: type the text it should keep');
  });

  it('sets, lists and removes lookups', async () => {
    const currencies = sandbox.context.store.list('finance/currencies');
    const set = await cli(
      'lookup',
      'set',
      '--instance',
      'Sandbox tenant',
      '--lookup',
      'Currency',
      '--internal-id',
      'EUR',
      '--integration-id',
      String(currencies[0]?.id),
    );
    expectSuccess(set);
    const bad = await cli(
      'lookup',
      'set',
      '--instance',
      'sandbox-tenant',
      '--lookup',
      'Colour',
      '--internal-id',
      'red',
      '--integration-id',
      '1',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/lookup: the connector has no lookup "Colour"/);
    const listed = await cli('lookup', 'list', '--instance', 'sandbox-tenant', '--json');
    expectSuccess(listed);
    expect(JSON.parse(listed.stdout)).toEqual([
      { lookup: 'Currency', internalId: 'EUR', integrationId: String(currencies[0]?.id) },
    ]);
    expectSuccess(
      await cli(
        'lookup',
        'remove',
        '--instance',
        'sandbox-tenant',
        '--lookup',
        'Currency',
        '--internal-id',
        'EUR',
      ),
    );
    expect(
      JSON.parse((await cli('lookup', 'list', '--instance', 'sandbox-tenant', '--json')).stdout),
    ).toEqual([]);
  });

  it('customises a field mapping, refuses a bad one naming it, and goes back to the default', async () => {
    const mapped = await cli(
      'instance',
      'update',
      'sandbox-tenant',
      '--map',
      'accounts.push.name=$uppercase(record.name)',
      '--leave-out',
      'accounts.push.faxNumber',
      '--json',
    );
    expectSuccess(mapped);
    expect(JSON.parse(mapped.stdout).mappingOverrides).toEqual({
      'accounts.push.name': '$uppercase(record.name)',
      'accounts.push.faxNumber': null,
    });
    const shown = await cli('instance', 'show', 'sandbox-tenant');
    expect(shown.stdout).toContain('accounts.push.faxNumber = (left out)');
    const bad = await cli('instance', 'update', 'sandbox-tenant', '--map', 'accounts.push.name=$uppercase(');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('mappingOverrides.accounts.push.name:');
    const reset = await cli(
      'instance',
      'update',
      'sandbox-tenant',
      '--default-mapping',
      'accounts.push.name',
      '--default-mapping',
      'accounts.push.faxNumber',
      '--json',
    );
    expectSuccess(reset);
    expect(JSON.parse(reset.stdout).mappingOverrides).toEqual({});
  });

  it('updates and removes an instance', async () => {
    const updated = await cli(
      'instance',
      'update',
      'sandbox-tenant',
      '--disable',
      '--unset-variable',
      'productCategoryId',
      '--json',
    );
    expectSuccess(updated);
    expect(JSON.parse(updated.stdout)).toMatchObject({ enabled: false, serverVariables: {} });
    expectSuccess(await cli('instance', 'remove', 'sandbox-tenant'));
    const missing = await cli('instance', 'show', 'sandbox-tenant');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no connector instance "sandbox-tenant"');
  });
});
