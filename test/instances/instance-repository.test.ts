import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  createInstanceRepository,
  createLinkRepository,
  createLookupRepository,
  InstanceNotFoundError,
  InstanceValidationError,
  SecretBox,
  type InstanceRepository,
} from '../../src/instances/index.js';
import { databaseTargets } from '../support/database.js';

const { definition } = await loadConnectWiseDefinition();
const secrets = SecretBox.fromKey(randomBytes(32));
const input = {
  name: 'Main tenant',
  siteUrl: 'na.myconnectwise.net',
  companyId: 'acme',
  publicKey: 'public-key-AAAA1234',
  privateKey: 'private-key-SECRET-9876',
  clientId: '3f1f7b3e-1c5c-4f39-9a3c-2b1e5d0f9a11',
};

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InstanceValidationError);
  return (error as InstanceValidationError).problems;
}

describe.each(databaseTargets())('connector instances on $name', (target) => {
  let database: DatabaseHandle;
  let instances: InstanceRepository;
  beforeAll(async () => {
    database = await target.open();
    instances = createInstanceRepository(database.db, secrets, definition);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('creates an instance with sealed keys and never returns them', async () => {
    const created = await instances.create({
      ...input,
      serverVariables: { productCategoryId: 7 },
      syncOptions: { 'contacts.pull.create': false },
    });
    expect(created).toMatchObject({
      id: 'main-tenant',
      name: 'Main tenant',
      apiVersion: '2022.1',
      enabled: true,
      hasKeys: true,
      publicKeyHint: '••••1234',
      serverVariables: { productCategoryId: 7 },
      syncOptions: { 'contacts.pull.create': false },
    });
    const shown = JSON.stringify([created, await instances.list(), await instances.get('Main tenant')]);
    expect(shown).not.toContain('SECRET');
    expect(shown).not.toContain('public-key-AAAA');
    const raw = await database.db
      .selectFrom('connector_instances')
      .select(['public_key', 'private_key'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(raw.private_key).toMatch(/^v1:/);
    expect(JSON.stringify(raw)).not.toContain('SECRET');
    expect(await instances.credentialsOf('main-tenant')).toEqual({
      siteUrl: input.siteUrl,
      companyId: 'acme',
      publicKey: input.publicKey,
      privateKey: input.privateKey,
      clientId: input.clientId,
      apiVersion: '2022.1',
    });
  });

  it('refuses a second instance with the same name, and makes a free id from a similar one', async () => {
    expect(await problemsOf(instances.create(input))).toEqual([
      'name: an instance named "Main tenant" already exists (main-tenant)',
    ]);
    const similar = await instances.create({ ...input, name: 'main  TENANT' });
    expect(similar.id).toBe('main-tenant-2');
    expect(await instances.remove(similar.id)).toBe(true);
  });

  it('names each field and rule it refuses, checked against the definition, without echoing a key', async () => {
    const problems = await problemsOf(
      instances.create({
        ...input,
        name: 'Bad',
        clientId: 'nope',
        privateKey: '',
        serverVariables: { productCategoryId: 'seven', noSuchVariable: 1 },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'clientId: clientId must be the GUID issued at developer.connectwise.com/ClientID',
        'privateKey: privateKey is required (My Account → API Keys)',
      ]),
    );
    const againstDefinition = await problemsOf(
      instances.create({
        ...input,
        name: 'Bad',
        serverVariables: { productCategoryId: 'seven', noSuchVariable: 1 },
        syncOptions: { 'accounts.push.delete': true },
      }),
    );
    expect(againstDefinition).toEqual([
      'serverVariables.productCategoryId: must be a whole number (a ConnectWise id), got "seven"',
      'serverVariables.noSuchVariable: the connector has no such server variable',
      'syncOptions.accounts.push.delete: the ConnectWise connector cannot push delete accounts',
    ]);
    expect(
      await problemsOf(instances.create({ ...input, name: 'Bad', siteUrl: 'ftp://cw.example' })),
    ).toEqual(["siteUrl: siteUrl 'ftp://cw.example' must use http or https, not ftp:"]);
    expect(await problemsOf(instances.create({ ...input, name: 'Bad', id: 'Has Spaces' }))).toEqual([
      'id: must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit',
    ]);
    expect(await instances.get('Bad')).toBeUndefined();
  });

  it('updates only the fields given, keeping the keys unless new ones come', async () => {
    const before = await instances.get('main-tenant');
    const updated = await instances.update('main-tenant', {
      siteUrl: 'eu.myconnectwise.net',
      enabled: false,
      serverVariables: { productBillableOption: 'NoCharge' },
    });
    expect(updated).toMatchObject({
      id: 'main-tenant',
      siteUrl: 'eu.myconnectwise.net',
      enabled: false,
      serverVariables: { productBillableOption: 'NoCharge' },
      syncOptions: { 'contacts.pull.create': false },
      createdAt: before?.createdAt,
    });
    expect((await instances.credentialsOf('main-tenant')).privateKey).toBe(input.privateKey);
    await instances.update('Main tenant', { privateKey: 'rotated-private-key' });
    expect((await instances.credentialsOf('main-tenant')).privateKey).toBe('rotated-private-key');
    expect(
      await problemsOf(
        instances.update('main-tenant', { serverVariables: { productBillableOption: 'Free' } }),
      ),
    ).toEqual([
      'serverVariables.productBillableOption: must be one of Billable, DoNotBill, NoCharge, got "Free"',
    ]);
    await expect(instances.update('nobody', { enabled: true })).rejects.toBeInstanceOf(InstanceNotFoundError);
    await expect(instances.credentialsOf('nobody')).rejects.toThrow('no connector instance "nobody"');
  });

  it('says when the secret key changed instead of handing out garbage', async () => {
    const other = createInstanceRepository(database.db, SecretBox.fromKey(randomBytes(32)), definition);
    await expect(other.credentialsOf('main-tenant')).rejects.toThrow(/cannot be decrypted with this key/);
    // listing still works, and says why the keys are unusable
    expect((await other.get('main-tenant'))?.publicKeyHint).toBe('(sealed with another secret key)');
  });

  it('removes an instance with its lookups and links, leaving other instances alone', async () => {
    const doomed = await instances.create({ ...input, name: 'Doomed' });
    const kept = await instances.create({ ...input, name: 'Kept' });
    const lookups = createLookupRepository(database.db, definition);
    const links = createLinkRepository(database.db);
    for (const instance of [doomed, kept]) {
      await lookups.set(instance.id, { lookup: 'Currency', internalId: 'USD', integrationId: '1' });
      await links.save({
        instanceId: instance.id,
        module: 'accounts',
        recordId: 'acc-r',
        connectwiseId: 40,
        pushedBody: {},
      });
    }
    expect(await instances.remove('Doomed')).toBe(true);
    expect(await instances.remove('Doomed')).toBe(false);
    expect(await lookups.list(doomed.id)).toEqual([]);
    expect(await links.find(doomed.id, 'accounts', 'acc-r')).toBeUndefined();
    expect(await lookups.list(kept.id)).toHaveLength(1);
    expect(await links.find(kept.id, 'accounts', 'acc-r')).toMatchObject({ connectwiseId: 40 });
    const left = await sql<{
      n: number | string;
    }>`select count(*) as n from connector_instances where id = ${doomed.id}`.execute(database.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });
});
