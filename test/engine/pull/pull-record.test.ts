import { beforeEach, describe, expect, it } from 'vitest';
import {
  indexReferenceData,
  createConnectWiseActionRegistry,
  loadConnectWiseDefinition,
} from '../../../src/connectors/connectwise/index.js';
import {
  type ConnectWiseRecord,
  type SyncLink,
  pullRecord,
  type PullContext,
} from '../../../src/engine/index.js';
import { inMemoryLookups } from '../../support/in-memory-engine-ports.js';

const connector = await loadConnectWiseDefinition();

let records: Map<string, Record<string, unknown>>;
let links: SyncLink[];
let writes: string[];
let context: PullContext;

const company = (fields: Record<string, unknown> = {}): ConnectWiseRecord => ({
  id: 250,
  identifier: 'ACME',
  name: 'Acme Corp',
  addressLine1: '1 Main St',
  city: 'Tampa',
  state: 'FL',
  zip: '33602',
  country: { id: 1, name: 'United States' },
  phoneNumber: '555-0100',
  currency: { id: 9, currencyCode: 'EUR' },
  types: [
    { id: 12, name: 'Customer' },
    { id: 13, name: 'Partner' },
  ],
  _info: { lastUpdated: '2026-11-20T10:00:00Z', updatedBy: 'someone' },
  ...fields,
});

beforeEach(() => {
  records = new Map();
  links = [];
  writes = [];
  context = {
    instanceId: 'main',
    connector,
    lookups: inMemoryLookups({ AccountType: { customer: '12' } }),
    abilities: () => true,
    actions: createConnectWiseActionRegistry({
      reference: () => reference,
      bss: { currencyIdByIsoCode: (code) => (['USD', 'EUR'].includes(code) ? code : undefined) },
    }),
    records: {
      get: async (entity, id) => records.get(`${entity}/${id}`),
      findWhere: async (entity, where) =>
        [...records.entries()]
          .filter(([key]) => key.startsWith(`${entity}/`))
          .map(([, record]) => record)
          .filter((record) =>
            Object.entries(where).every(
              ([path, value]) =>
                String(
                  path
                    .split('.')
                    .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], record),
                ) === value,
            ),
          ),
    },
    writer: {
      create: async (entity, id, fields) => {
        const record = {
          ...fields,
          id: id ?? `gen-${records.size}`,
          version: 1,
          updatedAt: '2026-11-01T00:00:00Z',
        };
        records.set(`${entity}/${record.id}`, record);
        writes.push(`create ${entity}/${record.id}`);
        return record;
      },
      update: async (entity, id, fields, expectedVersion) => {
        const record = records.get(`${entity}/${id}`)!;
        expect(record.version).toBe(expectedVersion);
        Object.assign(record, fields, { version: (record.version as number) + 1 });
        writes.push(`update ${entity}/${id} ${Object.keys(fields).sort().join(',')}`);
        return record;
      },
    },
    links: {
      find: async (instance, module, id) =>
        links.find((l) => l.instanceId === instance && l.module === module && l.recordId === id),
      findByConnectwiseId: async (instance, module, id) =>
        links.find((l) => l.instanceId === instance && l.module === module && l.connectwiseId === id),
      save: async (link) => {
        links = [
          ...links.filter((l) => !(l.module === link.module && l.recordId === link.recordId)),
          structuredClone(link),
        ];
      },
    },
  };
});

const reference = indexReferenceData({
  countries: [{ id: 1, name: 'United States', countryCode: 'US' }],
  states: [{ id: 10, identifier: 'FL', name: 'Florida', country: { id: 1 } }],
  communicationTypes: [],
});

describe('pullRecord', () => {
  it('creates the account a new company stands for, its address as the billing address', async () => {
    expect(await pullRecord(context, 'accounts', company())).toEqual({
      outcome: 'created',
      recordId: 'ACME',
      conflicts: [],
    });
    expect(records.get('accounts/ACME')).toMatchObject({
      name: 'Acme Corp',
      phone: '555-0100',
      type: { id: 'customer' },
      currency: { id: 'EUR' },
      addresses: [
        {
          isBilling: true,
          address1: '1 Main St',
          city: 'Tampa',
          postCode: '33602',
          stateCode: 'FL',
          stateName: 'Florida',
          countryCode: 'US',
          countryName: 'United States',
        },
      ],
    });
    expect(links).toMatchObject([{ module: 'accounts', recordId: 'ACME', connectwiseId: 250 }]);
  });

  it('writes nothing when the company shows nothing new (no echo), and only what changed otherwise', async () => {
    await pullRecord(context, 'accounts', company());
    writes = [];
    expect(await pullRecord(context, 'accounts', company())).toMatchObject({ outcome: 'unchanged' });
    expect(writes).toEqual([]);
    const changed = company({ phoneNumber: '555-0199', _info: { lastUpdated: '2026-11-21T00:00:00Z' } });
    expect(await pullRecord(context, 'accounts', changed)).toMatchObject({ outcome: 'updated' });
    expect(writes).toEqual(['update accounts/ACME phone']);
  });

  it('links the account whose id is the company identifier instead of creating another', async () => {
    records.set('accounts/ACME', {
      id: 'ACME',
      name: 'Acme Corp',
      version: 3,
      updatedAt: '2026-11-01T00:00:00Z',
    });
    const result = await pullRecord(context, 'accounts', company());
    expect(result).toMatchObject({ outcome: 'linked', recordId: 'ACME' });
    expect(writes.filter((write) => write.startsWith('create'))).toEqual([]);
  });

  it('keeps the BSS value when both sides changed a field, and reports both', async () => {
    await pullRecord(context, 'accounts', company());
    records.get('accounts/ACME')!.phone = '555-BSS';
    const result = await pullRecord(
      context,
      'accounts',
      company({ phoneNumber: '555-CW', _info: { lastUpdated: '2026-11-21T00:00:00Z' } }),
    );
    expect(result).toEqual({
      outcome: 'unchanged',
      recordId: 'ACME',
      conflicts: [{ field: 'phone', bssValue: '555-BSS', connectwiseValue: '555-CW', winner: 'bss' }],
    });
    expect(records.get('accounts/ACME')!.phone).toBe('555-BSS');
  });

  it("waits for a contact's company to be pulled first, then links it by account, name and email", async () => {
    const contact: ConnectWiseRecord = {
      id: 31,
      firstName: 'Ann',
      lastName: 'Lee',
      company: { id: 250 },
      communicationItems: [
        { type: { id: 1, name: 'Email' }, value: 'ann@acme.example', communicationType: 'Email' },
      ],
    };
    expect(await pullRecord(context, 'contacts', contact)).toEqual({
      outcome: 'waiting',
      dependencies: [{ module: 'accounts', connectwiseId: 250 }],
    });
    await pullRecord(context, 'accounts', company());
    records.set('contacts/C-9', {
      id: 'C-9',
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@acme.example',
      account: { id: 'ACME' },
      version: 1,
    });
    expect(await pullRecord(context, 'contacts', contact)).toMatchObject({
      outcome: 'linked',
      recordId: 'C-9',
    });
  });

  it('respects the instance switching pull create off', async () => {
    context.abilities = (_module, ability) => ability !== 'pull.create';
    expect(await pullRecord(context, 'accounts', company())).toEqual({
      outcome: 'skipped',
      reason: 'pull.create is switched off for accounts on this instance',
    });
  });
});

describe('pullRecord after a push', () => {
  it('writes nothing for the record cwsync itself just wrote', async () => {
    records.set('accounts/ACME', { id: 'ACME', name: 'Other name in BSS', version: 1 });
    links = [
      {
        instanceId: 'main',
        module: 'accounts',
        recordId: 'ACME',
        connectwiseId: 250,
        pushedBody: { name: 'Acme Corp' },
        connectwiseLastUpdated: '2026-11-20T10:00:00Z',
      },
    ];
    expect(await pullRecord(context, 'accounts', company())).toEqual({
      outcome: 'unchanged',
      recordId: 'ACME',
      conflicts: [],
    });
    expect(writes).toEqual([]);
  });

  it('keeps the billing address its own id and the other addresses when ConnectWise moves it', async () => {
    records.set('accounts/ACME', {
      id: 'ACME',
      name: 'Acme Corp',
      version: 1,
      addresses: [
        { id: 'ship-1', address1: 'Dock 4', isBilling: false },
        {
          id: 'bill-1',
          description: 'Head office',
          address1: '1 Main St',
          address2: 'Floor 2',
          isBilling: true,
        },
      ],
    });
    await pullRecord(context, 'accounts', company());
    await pullRecord(
      context,
      'accounts',
      company({ addressLine1: '2 Main St', _info: { lastUpdated: '2026-11-21T00:00:00Z' } }),
    );
    expect(records.get('accounts/ACME')!.addresses).toEqual([
      { id: 'ship-1', address1: 'Dock 4', isBilling: false },
      expect.objectContaining({
        id: 'bill-1',
        description: 'Head office',
        address1: '2 Main St',
        // ConnectWise has no second line: the BSS one is cleared, not kept.
        address2: null,
        isBilling: true,
      }),
    ]);
  });
});
