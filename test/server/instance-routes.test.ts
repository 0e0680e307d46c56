// The operator's API for instances, their settings and lookups, against the sandbox, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const privateKey = 'operator-private-key-7Qx9';
const publicKey = 'operator-public-key-K3m2';
const clientId = '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b';

describe.each(databaseTargets())('instance routes on $name', (target) => {
  let world: SyncWorld;
  let api: ConnectorApi;
  beforeAll(async () => {
    world = await startSyncWorld(target, {
      sandbox: { credentials: { companyId: 'cwsync', publicKey, privateKey } },
    });
    api = await startConnectorApi(world);
  });
  afterAll(async () => {
    await api?.close();
    await world?.stop();
  });

  const newInstance = (overrides: Record<string, unknown> = {}) => ({
    name: 'Second tenant',
    siteUrl: world.cw.sandbox.url,
    companyId: 'cwsync',
    publicKey,
    privateKey,
    clientId,
    ...overrides,
  });

  it('asks for a bearer token', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/v1/instances' });
    expect(response.statusCode).toBe(401);
  });

  it('creates, reads, lists, changes and removes an instance; the keys are write-only', async () => {
    const created = await api.call({ method: 'POST', url: '/api/v1/instances', payload: newInstance() });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/api/v1/instances/second-tenant');
    expect(created.json()).toMatchObject({
      id: 'second-tenant',
      name: 'Second tenant',
      apiVersion: '2022.1',
      enabled: true,
      hasKeys: true,
      publicKeyHint: '••••K3m2',
    });
    expect(created.json()).not.toHaveProperty('privateKey');
    expect(created.json()).not.toHaveProperty('publicKey');

    const listed = await api.call({ method: 'GET', url: '/api/v1/instances' });
    expect(
      listed
        .json()
        .items.map((instance: { id: string }) => instance.id)
        .sort(),
    ).toEqual(['sandbox', 'second-tenant']);
    const byName = await api.call({ method: 'GET', url: '/api/v1/instances/Second%20tenant' });
    expect(byName.json()).toMatchObject({ id: 'second-tenant' });

    const patched = await api.call({
      method: 'PATCH',
      url: '/api/v1/instances/second-tenant',
      payload: {
        name: 'Second tenant (EU)',
        publicKey: 'replacement-public-Zz01',
        serverVariables: { importAccountStatusId: 3, productBillableOption: 'NoCharge' },
        syncOptions: { 'contacts.pull.create': false },
        mappingOverrides: { 'accounts.push.website': '$lowercase(record.webSite)' },
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      id: 'second-tenant',
      name: 'Second tenant (EU)',
      publicKeyHint: '••••Zz01',
      serverVariables: { importAccountStatusId: 3, productBillableOption: 'NoCharge' },
      syncOptions: { 'contacts.pull.create': false },
      mappingOverrides: { 'accounts.push.website': '$lowercase(record.webSite)' },
    });

    // JSON Merge Patch on the maps: null puts one value back to its default, the others stay.
    const reset = await api.call({
      method: 'PATCH',
      url: '/api/v1/instances/second-tenant',
      payload: { serverVariables: { importAccountStatusId: null }, enabled: false },
    });
    expect(reset.json()).toMatchObject({
      serverVariables: { productBillableOption: 'NoCharge' },
      enabled: false,
    });
    expect(reset.json().serverVariables).not.toHaveProperty('importAccountStatusId');

    const removed = await api.call({ method: 'DELETE', url: '/api/v1/instances/second-tenant' });
    expect(removed.statusCode).toBe(204);
    const gone = await api.call({ method: 'GET', url: '/api/v1/instances/second-tenant' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: 'not_found' });
    expect((await api.call({ method: 'DELETE', url: '/api/v1/instances/second-tenant' })).statusCode).toBe(
      404,
    );
  });

  it('lists every problem of a new instance with its field and rule, never echoing a key', async () => {
    const response = await api.call({
      method: 'POST',
      url: '/api/v1/instances',
      payload: {
        name: '',
        siteUrl: world.cw.sandbox.url,
        companyId: 'cwsync',
        publicKey,
        privateKey: `${privateKey}${'x'.repeat(200)}`,
        clientId: 'not-a-guid',
        apiVersion: '1999.1',
        colour: 'blue',
      },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('validation_failed');
    const rules = body.issues.map((issue: { path: string; rule: string }) => `${issue.path} ${issue.rule}`);
    expect(rules.sort()).toEqual([
      'apiVersion enum',
      'clientId pattern',
      'colour unknownField',
      'name required',
      'privateKey maxLength',
    ]);
    expect(response.body).not.toContain(privateKey);
  });

  it('checks server variables and switches against the connector definition', async () => {
    const response = await api.call({
      method: 'POST',
      url: '/api/v1/instances',
      payload: newInstance({
        name: 'Checked tenant',
        serverVariables: { importAccountStatusId: 'Active', noSuchVariable: 1 },
        syncOptions: { 'accounts.push.delete': true },
        mappingOverrides: { 'accounts.push.noSuchField': null, 'contacts.push.title': '$$$(' },
      }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'serverVariables.importAccountStatusId', rule: 'integer' }),
        expect.objectContaining({ path: 'serverVariables.noSuchVariable', rule: 'knownServerVariable' }),
        expect.objectContaining({ path: 'syncOptions.accounts.push.delete', rule: 'supportedAbility' }),
        expect.objectContaining({
          path: 'mappingOverrides.accounts.push.noSuchField',
          rule: 'mappingOverride',
        }),
        expect.objectContaining({ path: 'mappingOverrides.contacts.push.title', rule: 'mappingOverride' }),
      ]),
    );
    expect((await api.call({ method: 'GET', url: '/api/v1/instances/checked-tenant' })).statusCode).toBe(404);
  });

  it('refuses a second instance with a taken name or id (409)', async () => {
    const sameName = await api.call({
      method: 'POST',
      url: '/api/v1/instances',
      payload: newInstance({ name: 'Sandbox' }),
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json()).toMatchObject({ error: 'instance_exists', field: 'name' });
    const sameId = await api.call({
      method: 'POST',
      url: '/api/v1/instances',
      payload: newInstance({ name: 'Another', id: 'sandbox' }),
    });
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json()).toMatchObject({ error: 'instance_exists', field: 'id' });
  });

  it('tests the connection: ok with the right keys, bad-keys with wrong ones', async () => {
    const ok = await api.call({ method: 'POST', url: '/api/v1/instances/sandbox/test-connection' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, codebase: 'v2025_1' });
    expect(ok.json().checks.map((check: { name: string }) => check.name)).toEqual([
      'companyinfo',
      'read',
      'write',
    ]);

    await api.call({
      method: 'POST',
      url: '/api/v1/instances',
      payload: newInstance({ name: 'Wrong keys', privateKey: 'wrong-private-key-123' }),
    });
    const bad = await api.call({
      method: 'POST',
      url: '/api/v1/instances/wrong-keys/test-connection',
      payload: { checkWrite: false },
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ ok: false, problem: 'bad-keys' });
    expect(bad.json().message).toMatch(/refused the API keys/);
    expect(bad.body).not.toContain('wrong-private-key-123');
  });

  it('gives the settings: server variables with defaults and effective values, the options matrix', async () => {
    await api.call({
      method: 'PATCH',
      url: '/api/v1/instances/sandbox',
      payload: {
        serverVariables: { importAccountStatusId: 2 },
        syncOptions: { 'contacts.pull.create': false },
      },
    });
    const response = await api.call({ method: 'GET', url: '/api/v1/instances/sandbox/settings' });
    expect(response.statusCode).toBe(200);
    const settings = response.json();
    const variable = (name: string) =>
      settings.serverVariables.find((entry: { name: string }) => entry.name === name);
    expect(variable('importAccountStatusId')).toMatchObject({
      label: 'Import Account Id',
      type: 'integer',
      default: 1,
      value: 2,
      overridden: true,
    });
    expect(variable('productBillableOption')).toMatchObject({
      default: 'Billable',
      value: 'Billable',
      overridden: false,
      enum: ['Billable', 'DoNotBill', 'NoCharge'],
    });
    const abilities = (module: string) =>
      Object.fromEntries(
        settings.syncOptions
          .find((row: { module: string }) => row.module === module)
          .abilities.map((cell: { ability: string; supported: boolean; on: boolean }) => [
            cell.ability,
            `${cell.supported ? 'supported' : 'unsupported'} ${cell.on ? 'on' : 'off'}`,
          ]),
      );
    expect(abilities('contacts')).toEqual({
      'push.create': 'supported on',
      'push.update': 'supported on',
      'push.delete': 'unsupported off',
      'pull.create': 'supported off',
      'pull.update': 'supported on',
    });
    expect(settings.lookups.map((lookup: { name: string }) => lookup.name)).toContain('AccountType');
    await api.call({
      method: 'PATCH',
      url: '/api/v1/instances/sandbox',
      payload: {
        serverVariables: { importAccountStatusId: null },
        syncOptions: { 'contacts.pull.create': null },
      },
    });
  });

  it('lists the ConnectWise values of a lookup for a picker', async () => {
    const response = await api.call({
      method: 'GET',
      url: '/api/v1/instances/sandbox/lookup-options/AccountType',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toContainEqual({
      integrationId: String(world.ids.customerType),
      label: 'Customer',
    });
    const currencies = await api.call({
      method: 'GET',
      url: '/api/v1/instances/sandbox/lookup-options/Currency',
    });
    expect(currencies.json().items).toContainEqual({ integrationId: String(world.ids.usd), label: 'USD' });
    expect(currencies.json().connectwiseValue).toBe('id');
    // ConnectWise lists no payment types: the value is typed, and nothing is read from ConnectWise for it
    const paymentMethods = await api.call({
      method: 'GET',
      url: '/api/v1/instances/sandbox/lookup-options/PaymentMethod',
    });
    expect(paymentMethods.json()).toEqual({ lookup: 'PaymentMethod', connectwiseValue: 'text', items: [] });
    const unknown = await api.call({ method: 'GET', url: '/api/v1/instances/sandbox/lookup-options/Colour' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0]).toMatchObject({ path: 'lookup', rule: 'knownLookup' });
  });

  it('sets, lists and removes lookups', async () => {
    await world.store.upsert('account-types', 'partner', { name: 'Partner' }, { origin: 'api' });
    const url = '/api/v1/instances/sandbox/lookups/AccountType/partner';
    const created = await api.call({
      method: 'PUT',
      url,
      payload: { integrationId: String(world.ids.customerType), internalName: 'Partner' },
    });
    expect(created.statusCode).toBe(201);
    const replaced = await api.call({ method: 'PUT', url, payload: { integrationId: '999' } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual({ lookup: 'AccountType', internalId: 'partner', integrationId: '999' });

    const listed = await api.call({
      method: 'GET',
      url: '/api/v1/instances/sandbox/lookups?lookup=AccountType',
    });
    expect(listed.json().items).toEqual([
      { lookup: 'AccountType', internalId: 'customer', integrationId: String(world.ids.customerType) },
      { lookup: 'AccountType', internalId: 'partner', integrationId: '999' },
    ]);
    const all = await api.call({ method: 'GET', url: '/api/v1/instances/sandbox/lookups' });
    expect(all.json().items.map((row: { lookup: string }) => row.lookup)).toEqual([
      'AccountType',
      'AccountType',
      'Currency',
    ]);

    expect((await api.call({ method: 'DELETE', url })).statusCode).toBe(204);
    const again = await api.call({ method: 'DELETE', url });
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toBe('sandbox has no AccountType mapping for "partner"');
  });

  it('refuses a lookup row for an unknown lookup, a missing BSS value or a bad body', async () => {
    const unknownLookup = await api.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/Colour/blue',
      payload: { integrationId: '1' },
    });
    expect(unknownLookup.statusCode).toBe(400);
    expect(unknownLookup.json().issues[0]).toMatchObject({ path: 'lookup', rule: 'knownLookup' });

    const missingValue = await api.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/Currency/XYZ',
      payload: { integrationId: '1' },
    });
    expect(missingValue.statusCode).toBe(422);
    expect(missingValue.json()).toMatchObject({
      error: 'unknown_reference',
      references: [{ path: 'internalId', entity: 'currencies', id: 'XYZ' }],
    });

    const badBody = await api.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/Currency/USD',
      payload: { integrationId: '', extra: true },
    });
    expect(badBody.statusCode).toBe(400);
    expect(
      badBody.json().issues.map((issue: { path: string; rule: string }) => `${issue.path} ${issue.rule}`),
    ).toEqual(['integrationId required', 'extra unknownField']);

    const notAnId = await api.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/Currency/USD',
      payload: { integrationId: 'US Dollar' },
    });
    expect(notAnId.statusCode).toBe(400);
    expect(notAnId.json().issues).toEqual([
      expect.objectContaining({ path: 'integrationId', rule: 'integer' }),
    ]);

    const noInstance = await api.call({ method: 'GET', url: '/api/v1/instances/nowhere/lookups' });
    expect(noInstance.statusCode).toBe(404);
  });

  it('never sent a private key in any answer', () => {
    expect(api.bodies.length).toBeGreaterThan(20);
    for (const body of api.bodies) {
      expect(body).not.toContain(privateKey);
      expect(body).not.toContain(publicKey);
    }
  });
});
