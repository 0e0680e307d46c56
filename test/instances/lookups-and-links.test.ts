import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore, linkRecord, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { type LinkRepository } from '../../src/engine/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  createInstanceRepository,
  createLinkRepository,
  createLookupRepository,
  InstanceNotFoundError,
  InstanceValidationError,
  SecretBox,
  type LookupRepository,
} from '../../src/instances/index.js';
import { seedSampleRecords } from '../support/bss-records.js';
import { databaseTargets } from '../support/database.js';
import { tenant } from './support/tenant.js';

const { definition } = await loadConnectWiseDefinition();

describe.each(databaseTargets())('lookups and links on $name', (target) => {
  let database: DatabaseHandle;
  let lookups: LookupRepository;
  let links: LinkRepository;
  let store: RecordStore;
  beforeAll(async () => {
    database = await target.open();
    const instances = createInstanceRepository(database.db, SecretBox.fromKey(randomBytes(32)), definition);
    await instances.create({ ...tenant, id: 'cw-a', name: 'A' });
    await instances.create({ ...tenant, id: 'cw-b', name: 'B' });
    lookups = createLookupRepository(database.db, definition);
    links = createLinkRepository(database.db);
    store = createRecordStore(database.db);
    await seedSampleRecords(store);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('sets, replaces, lists and removes lookup rows per instance', async () => {
    await lookups.set('cw-a', { lookup: 'Currency', internalId: 'EUR', integrationId: '2' });
    await lookups.set('cw-a', {
      lookup: 'Currency',
      internalId: 'USD',
      integrationId: '1',
      internalName: 'US Dollar',
    });
    await lookups.set('cw-a', { lookup: 'AccountType', internalId: 'customer', integrationId: '5' });
    await lookups.set('cw-b', { lookup: 'Currency', internalId: 'EUR', integrationId: '9' });
    await lookups.set('cw-a', {
      lookup: 'Currency',
      internalId: 'EUR',
      integrationId: '3',
      internalName: 'Euro',
    });
    expect(await lookups.list('cw-a', 'Currency')).toEqual([
      { lookup: 'Currency', internalId: 'EUR', internalName: 'Euro', integrationId: '3' },
      { lookup: 'Currency', internalId: 'USD', internalName: 'US Dollar', integrationId: '1' },
    ]);
    expect(await lookups.list('cw-a')).toHaveLength(3);
    expect(await lookups.remove('cw-a', 'Currency', 'USD')).toBe(true);
    expect(await lookups.remove('cw-a', 'Currency', 'USD')).toBe(false);
    expect(await lookups.list('cw-b')).toEqual([
      { lookup: 'Currency', internalId: 'EUR', integrationId: '9' },
    ]);
  });

  it('refuses a lookup the connector lacks, an empty id, or an unknown instance, naming the field', async () => {
    await expect(
      lookups.set('cw-a', { lookup: 'Colour', internalId: 'red', integrationId: '1' }),
    ).rejects.toThrow(/lookup: the connector has no lookup "Colour" \(it has AccountType, Currency/);
    const error = await lookups
      .set('cw-a', { lookup: 'Currency', internalId: '', integrationId: '1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InstanceValidationError);
    expect((error as InstanceValidationError).problems[0]).toMatch(/^internalId: /);
    await expect(
      lookups.set('nobody', { lookup: 'Currency', internalId: 'EUR', integrationId: '1' }),
    ).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  it('takes a ConnectWise id (a whole number) for an id lookup, and text for a typed one', async () => {
    const error = await lookups
      .set('cw-a', { lookup: 'Currency', internalId: 'EUR', integrationId: 'Euro' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InstanceValidationError);
    expect((error as InstanceValidationError).problems).toEqual([
      'integrationId: must be a whole number: the id of a ConnectWise Currency value (see its lookup options), not "Euro"',
    ]);
    await lookups.set('cw-a', {
      lookup: 'PaymentMethod',
      internalId: 'wire',
      integrationId: 'Wire Transfer',
    });
    expect(await lookups.list('cw-a', 'PaymentMethod')).toEqual([
      { lookup: 'PaymentMethod', internalId: 'wire', integrationId: 'Wire Transfer' },
    ]);
    expect((await lookups.load('cw-a')).integrationId('PaymentMethod', 'wire')).toBe('Wire Transfer');
    expect(await lookups.remove('cw-a', 'PaymentMethod', 'wire')).toBe(true);
  });

  it('loads an instance’s lookups once into a table the engine reads both ways', async () => {
    await lookups.set('cw-a', { lookup: 'AccountType', internalId: 'prospect', integrationId: '5' });
    await lookups.set('cw-a', { lookup: 'AccountType', internalId: 'vendor', integrationId: '6' });
    const table = await lookups.load('cw-a');
    // changes after loading do not reach a run already under way
    await lookups.set('cw-a', { lookup: 'AccountType', internalId: 'vendor', integrationId: '7' });
    expect(table.integrationId('AccountType', 'vendor')).toBe('6');
    expect(table.integrationId('Currency', 'EUR')).toBe('3');
    expect(table.integrationId('Currency', 'USD')).toBeUndefined();
    expect(table.integrationId('AccountType', 'EUR')).toBeUndefined();
    expect(table.internalId('Currency', '3')).toBe('EUR');
    // two BSS types on one ConnectWise type: the pull always picks the first by internal id
    expect(table.internalId('AccountType', '5')).toBe('customer');
    expect(table.internalId('Currency', '9')).toBeUndefined();
    expect((await lookups.load('cw-b')).integrationId('Currency', 'EUR')).toBe('9');
  });

  it('saves and finds the engine’s links with their snapshots, both ways', async () => {
    expect(await links.find('cw-a', 'accounts', 'sample-account')).toBeUndefined();
    await links.save({
      instanceId: 'cw-a',
      module: 'accounts',
      recordId: 'sample-account',
      connectwiseId: 250,
      pushedBody: { name: 'Acme Hellas', identifier: 'ACME-001', site: { name: 'Main' } },
      bssValues: { name: 'Acme Hellas', phone: '+30 210 1234567' },
      connectwiseLastUpdated: '2026-11-25T10:00:00Z',
    });
    const expected = {
      instanceId: 'cw-a',
      module: 'accounts',
      recordId: 'sample-account',
      connectwiseId: 250,
      pushedBody: { name: 'Acme Hellas', identifier: 'ACME-001', site: { name: 'Main' } },
      bssValues: { name: 'Acme Hellas', phone: '+30 210 1234567' },
      connectwiseLastUpdated: '2026-11-25T10:00:00Z',
    };
    expect(await links.find('cw-a', 'accounts', 'sample-account')).toEqual(expected);
    expect(await links.findByConnectwiseId('cw-a', 'accounts', 250)).toEqual(expected);
    expect(await links.findByConnectwiseId('cw-b', 'accounts', 250)).toBeUndefined();
    expect(await links.findByConnectwiseId('cw-a', 'contacts', 250)).toBeUndefined();

    await links.save({
      ...expected,
      pushedBody: { name: 'Acme' },
      bssValues: undefined,
      connectwiseLastUpdated: undefined,
    });
    expect(await links.find('cw-a', 'accounts', 'sample-account')).toEqual({
      instanceId: 'cw-a',
      module: 'accounts',
      recordId: 'sample-account',
      connectwiseId: 250,
      pushedBody: { name: 'Acme' },
    });
  });

  it('keeps the records’ integrationIds working, without a new version', async () => {
    const before = await store.get('contacts', 'sample-contact');
    await links.save({
      instanceId: 'cw-b',
      module: 'contacts',
      recordId: 'sample-contact',
      connectwiseId: 31,
      pushedBody: {},
    });
    const after = await store.get('contacts', 'sample-contact');
    expect(after?.integrationIds).toEqual({ 'cw-b': '31' });
    expect(after?.version).toBe(before?.version);
    expect((await store.get('accounts', 'sample-account'))?.integrationIds).toEqual({ 'cw-a': '250' });
  });

  it('reads a link the store made, which has no snapshot yet', async () => {
    await linkRecord(database.db, {
      instanceId: 'cw-b',
      entity: 'accounts',
      recordId: 'sample-account',
      integrationId: '77',
    });
    expect(await links.find('cw-b', 'accounts', 'sample-account')).toEqual({
      instanceId: 'cw-b',
      module: 'accounts',
      recordId: 'sample-account',
      connectwiseId: 77,
      pushedBody: {},
    });
  });

  it('refuses to link a second record to the same ConnectWise record, naming the one that has it', async () => {
    await store.create(
      'contacts',
      { id: 'second-contact', account: { id: 'sample-account' }, firstName: 'Nikos', lastName: 'P' },
      { origin: 'api' },
    );
    await expect(
      links.save({
        instanceId: 'cw-b',
        module: 'contacts',
        recordId: 'second-contact',
        connectwiseId: 31,
        pushedBody: {},
      }),
    ).rejects.toThrow(
      'contacts second-contact: ConnectWise id 31 is already linked to sample-contact on instance cw-b',
    );
    expect(await links.find('cw-b', 'contacts', 'second-contact')).toBeUndefined();
  });

  it('maps a module to its BSS entity when told to', async () => {
    const byEntity = createLinkRepository(database.db, {
      entityOf: (module) => (module === 'companies' ? 'accounts' : module),
    });
    expect(await byEntity.find('cw-a', 'companies', 'sample-account')).toMatchObject({
      module: 'companies',
      connectwiseId: 250,
    });
  });
});
