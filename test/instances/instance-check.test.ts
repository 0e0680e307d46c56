// `cwsync instance check`: is a ConnectWise tenant ready for cwsync? Each line of the checklist is made to fail
// against the sandbox over real HTTP — a read-only API member, a server variable naming no record, a lookup whose
// value is gone, a required custom field, a country without a code — and names its fix; through the library, the
// API route and the CLI, on SQLite and PostgreSQL. Read-only: nothing is written to ConnectWise.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import { createDatabase } from '../../src/db/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  checkInstance,
  createInstanceRepository,
  createLookupRepository,
  SecretBox,
  type InstanceCheckResult,
} from '../../src/instances/index.js';
import { readOnlyKeys } from '../../src/sandbox/http/api-members.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { testKeys } from '../connectwise/support/test-client.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { startConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import { runCliInProcess } from '../support/run-cli-in-process.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const lineOf = (result: InstanceCheckResult, name: string) => result.lines.find((line) => line.name === name);
const failedNames = (result: InstanceCheckResult) =>
  result.lines.filter((line) => line.status === 'fail').map((line) => line.name);

describe.each(databaseTargets())('instance check on $name', (target) => {
  let world: SyncWorld;
  let api: ConnectorApi;
  const check = (id = world.instanceId) =>
    checkInstance(
      { instances: world.instances, lookups: world.lookups, definition: world.connector.definition },
      id,
    );
  beforeAll(async () => {
    world = await startSyncWorld(target);
    api = await startConnectorApi(world);
  });
  afterAll(async () => {
    await api?.close();
    await world?.stop();
  });

  it('a tenant ready for cwsync: every line passes, and not one write reaches ConnectWise', async () => {
    const before = await world.calls();
    const result = await check();
    expect(failedNames(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.lines.map((line) => line.name)).toEqual(
      expect.arrayContaining([
        'connection',
        'read permission',
        'write permission',
        'api version',
        'read company/companies',
        'read sales/orders',
        'read procurement/products',
        'read finance/agreements',
        'server variable importAccountStatusId',
        'server variable locationId',
        'lookup AccountType customer',
        'lookup Currency USD',
        'country codes',
        'currency codes',
        'required custom fields',
      ]),
    );
    const after = await world.calls();
    const writes = after.endpoints.filter((endpoint) => endpoint.method !== 'GET');
    // the connection test's write check is one POST of an empty company, which ConnectWise refuses (400)
    expect(writes.map((endpoint) => `${endpoint.method} ${endpoint.route}`)).toEqual([
      'POST /v2025_1/apis/3.0/company/companies',
    ]);
    expect(after.total).toBeGreaterThan(before.total);
  });

  it('a read-only API member fails the write line, and the rest is still checked', async () => {
    const readOnly = await world.instances.create({
      name: 'Read only',
      siteUrl: world.cw.sandbox.url,
      ...testKeys,
      ...readOnlyKeys,
    });
    const result = await check(readOnly.id);
    expect(result.ok).toBe(false);
    expect(failedNames(result)).toEqual(['write permission']);
    expect(lineOf(result, 'write permission')).toMatchObject({
      message: expect.stringContaining('may not add companies'),
      fix: expect.stringContaining('System › Security Roles'),
    });
    expect(lineOf(result, 'read company/companies')).toMatchObject({ status: 'ok' });
  });

  it('a switched-off tenant with a missing status, a lookup value gone, a required custom field and a country without a code: one failed line each, with its fix', async () => {
    await world.instances.update(world.instanceId, {
      enabled: false,
      serverVariables: { importAccountStatusId: 9999 },
    });
    await world.lookups.set(world.instanceId, {
      lookup: 'AccountType',
      internalId: 'customer',
      integrationId: '8888',
    });
    const store = world.cw.sandbox.context.store;
    store.insert(
      'system/userDefinedFields',
      { caption: 'Region', screenDescription: 'Company', requiredFlag: true, fieldTypeIdentifier: 'Text' },
      'admin',
    );
    store.insert('company/countries', { name: 'Atlantis' }, 'admin');

    const result = await check();
    expect(result.ok).toBe(false);
    expect(failedNames(result)).toEqual([
      'server variable importAccountStatusId',
      'lookup AccountType customer',
      'country codes',
      'required custom field Company "Region"',
    ]);
    expect(lineOf(result, 'server variable importAccountStatusId')).toMatchObject({
      message: 'Import Account Id is 9999, but company/companies/statuses has no record 9999',
      fix: expect.stringContaining('--set-variable importAccountStatusId=<id>'),
    });
    expect(lineOf(result, 'lookup AccountType customer')).toMatchObject({
      message: expect.stringContaining(
        'mapped to Account Type 8888, which company/companies/types no longer has',
      ),
      fix: expect.stringContaining('cwsync lookup set'),
    });
    expect(lineOf(result, 'country codes')).toMatchObject({
      message: expect.stringContaining('Atlantis'),
      fix: expect.stringContaining('ISO 3166'),
    });
    expect(lineOf(result, 'required custom field Company "Region"')).toMatchObject({
      fix: expect.stringContaining('make it optional'),
    });

    // The same checklist through the operator's API.
    const answer = await api.call({ method: 'POST', url: `/api/v1/instances/${world.instanceId}/check` });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ instanceId: world.instanceId, ok: false });
    expect(failedNames(answer.json() as InstanceCheckResult)).toEqual(failedNames(result));
    const unknown = await api.call({ method: 'POST', url: '/api/v1/instances/nowhere/check' });
    expect(unknown.statusCode).toBe(404);
  });
});

describe.each(databaseTargets())('cwsync instance check on $name', (target) => {
  let sandbox: RunningSandbox;
  let database: CommandDatabase;
  const secretKey = randomBytes(32);
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    database = await createCommandDatabase(target.name);
    const handle = createDatabase(database.url);
    await handle.migrate();
    const { definition } = await loadConnectWiseDefinition();
    const instances = createInstanceRepository(handle.db, SecretBox.fromKey(secretKey), definition);
    await instances.create({ id: 'ready', name: 'Ready', siteUrl: sandbox.url, ...testKeys });
    await instances.create({
      id: 'missing-member',
      name: 'Missing member',
      siteUrl: sandbox.url,
      ...testKeys,
      serverVariables: { salesRepresentativeId: 4242 },
    });
    // a BSS account for the canary, its type mapped to the sandbox's Customer company type
    const store = createRecordStore(handle.db);
    await store.upsert('account-types', 'customer', { name: 'Customer' }, { origin: 'api' });
    await store.upsert(
      'accounts',
      'CLI-1',
      {
        name: 'Litware',
        type: { id: 'customer' },
        addresses: [{ address1: '1 Main Street', city: 'Tampa', countryCode: 'US', isBilling: true }],
      },
      { origin: 'api' },
    );
    const customer = sandbox.context.store
      .list('company/companies/types')
      .find((type) => type.name === 'Customer')!;
    await createLookupRepository(handle.db, definition).set('ready', {
      lookup: 'AccountType',
      internalId: 'customer',
      integrationId: String(customer.id),
    });
    await instances.update('ready', { enabled: false });
    await handle.destroy();
    vi.stubEnv('CWSYNC_SECRET_KEY', secretKey.toString('hex'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sandbox?.stop();
    await database?.drop();
  });

  it('prints the checklist and exits 0 when the tenant is ready', async () => {
    const run = await runCliInProcess(['instance', 'check', 'ready', '--database-url', database.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'ok    server variable salesRepresentativeId: Sales Representative 1 exists',
    );
    expect(run.stdout).toContain('Instance ready is ready for cwsync.');
  });

  it('--canary pushes the one record on the switched-off instance and shows ConnectWise’s copy field by field', async () => {
    const run = await runCliInProcess([
      'instance',
      'check',
      'ready',
      '--canary',
      'accounts:CLI-1',
      '--database-url',
      database.url,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Canary accounts CLI-1: in-step — ConnectWise company\/companies #\d+/);
    expect(run.stdout).toMatch(/FIELD\s+BSS \(MAPPED\)\s+CONNECTWISE\s+SAME/);
    expect(run.stdout).toMatch(/name\s+Litware\s+Litware\s+yes/);

    const json = await runCliInProcess([
      'instance',
      'check',
      'ready',
      '--canary',
      'accounts:CLI-1',
      '--json',
      '--database-url',
      database.url,
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).canary).toMatchObject({
      outcome: 'in-step',
      module: 'accounts',
      recordId: 'CLI-1',
    });
    const bad = await runCliInProcess([
      'instance',
      'check',
      'ready',
      '--canary',
      'accounts',
      '--database-url',
      database.url,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--canary: expected <module>:<bss-record-id>');
  });

  it('exits 1 when a line fails; --json gives the lines with their fixes', async () => {
    const text = await runCliInProcess([
      'instance',
      'check',
      'missing-member',
      '--database-url',
      database.url,
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('FAIL  server variable salesRepresentativeId');
    expect(text.stdout).toContain('fix: set it to the id of an existing record');
    expect(text.stdout).toContain('1 line(s) to fix before switching it on');

    const json = await runCliInProcess([
      'instance',
      'check',
      'missing-member',
      '--json',
      '--database-url',
      database.url,
    ]);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as InstanceCheckResult;
    expect(failedNames(result)).toEqual(['server variable salesRepresentativeId']);
  });
});
