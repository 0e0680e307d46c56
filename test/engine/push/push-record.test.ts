import { beforeEach, describe, expect, it } from 'vitest';
import {
  indexReferenceData,
  createConnectWiseActionRegistry,
  loadConnectWiseDefinition,
} from '../../../src/connectors/connectwise/index.js';
import {
  connectwiseIdInRecord,
  type FieldChanges,
  type ConnectWiseGateway,
  type ConnectWiseRecord,
  type SyncLink,
  pushRecord,
  type PushContext,
} from '../../../src/engine/index.js';
import { inMemoryLinks, inMemoryLookups, inMemoryRecords } from '../../support/in-memory-engine-ports.js';

const connector = await loadConnectWiseDefinition();

/** A small in-memory ConnectWise that counts calls, so call budgets can be asserted. */
class FakeConnectWise implements ConnectWiseGateway {
  rows = new Map<string, ConnectWiseRecord[]>();
  calls: string[] = [];
  nextId = 100;
  billToDefaultsToSelf = false;
  failNextCreate?: Error & { retryable?: boolean; status?: number };

  async findMatching(resource: string, conditions: Array<{ field: string; value: unknown; child: boolean }>) {
    this.calls.push(`GET ${resource}`);
    return (this.rows.get(resource) ?? []).filter((row) =>
      conditions.every((condition) => {
        if (condition.child) {
          const [array, field] = condition.field.split('/') as [string, string];
          return ((row[array] as Array<Record<string, unknown>>) ?? []).some((item) =>
            same(item[field], condition.value),
          );
        }
        const value = condition.field
          .split('/')
          .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], row);
        return same(value, condition.value);
      }),
    );
  }

  async create(resource: string, body: Record<string, unknown>) {
    this.calls.push(`POST ${resource}`);
    const record: ConnectWiseRecord = { ...structuredClone(body), id: this.nextId++ };
    if (this.billToDefaultsToSelf && resource === 'company/companies')
      record.billToCompany = { id: record.id };
    this.rows.set(resource, [...(this.rows.get(resource) ?? []), record]);
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = undefined;
      throw error; // the record was made, but the answer was lost
    }
    return structuredClone(record);
  }

  async update(resource: string, id: number, changes: FieldChanges) {
    this.calls.push(
      `PATCH ${resource}/${id} ${Object.keys(changes.set).concat(changes.unset).sort().join(',')}`,
    );
    const record = (this.rows.get(resource) ?? []).find((row) => row.id === id)!;
    Object.assign(record, structuredClone(changes.set));
    for (const field of changes.unset) delete record[field];
    return structuredClone(record);
  }
}

const same = (left: unknown, right: unknown) => String(left).toLowerCase() === String(right).toLowerCase();

const reference = indexReferenceData({
  countries: [{ id: 1, name: 'United States', countryCode: 'US' }],
  states: [{ id: 10, identifier: 'FL', name: 'Florida', country: { id: 1 } }],
  communicationTypes: [
    { id: 1, description: 'Email', emailFlag: true },
    { id: 2, description: 'Direct', phoneFlag: true },
  ],
});

let cw: FakeConnectWise;
let records: Map<string, Record<string, unknown>>;
let links: Map<string, SyncLink>;
let lookups: Record<string, Record<string, string>>;
let context: PushContext;

function account(id: string, fields: Record<string, unknown> = {}) {
  records.set(`accounts/${id}`, {
    id,
    name: `Account ${id}`,
    type: { id: 'customer' },
    addresses: [
      {
        address1: '1 Main St',
        city: 'Tampa',
        stateName: 'Florida',
        countryName: 'United States',
        isBilling: true,
      },
    ],
    ...fields,
  });
}

beforeEach(() => {
  cw = new FakeConnectWise();
  records = new Map();
  links = new Map();
  lookups = { AccountType: { customer: '12' }, Currency: { USD: '7' } };
  context = {
    instanceId: 'main',
    connector,
    gateway: cw,
    records: inMemoryRecords(records),
    links: inMemoryLinks(links),
    lookups: inMemoryLookups(lookups),
    serverVariables: { importAccountStatusId: 1, companySiteName: 'Main' },
    abilities: () => true,
    actions: createConnectWiseActionRegistry({ reference: () => reference }),
  };
});

describe('pushRecord', () => {
  it('creates an account with one call when ConnectWise makes it its own bill-to', async () => {
    cw.billToDefaultsToSelf = true;
    account('A1');
    const result = await pushRecord(context, 'accounts', 'A1');
    expect(result).toMatchObject({ outcome: 'created', connectwiseId: 100 });
    expect(cw.calls).toEqual(['GET company/companies', 'GET company/companies', 'POST company/companies']);
    expect(cw.rows.get('company/companies')![0]).toMatchObject({
      identifier: 'A1',
      state: 'FL',
      country: { id: 1 },
      types: [{ id: 12 }],
      status: { id: 1 },
    });
  });

  it('sets the bill-to itself once the id is known when ConnectWise does not', async () => {
    account('A1');
    await pushRecord(context, 'accounts', 'A1');
    expect(cw.calls.at(-1)).toBe('PATCH company/companies/100 billToCompany');
    expect(cw.rows.get('company/companies')![0]!.billToCompany).toEqual({ id: 100 });
  });

  it('makes no call at all for an unchanged record, and one PATCH of only what changed', async () => {
    cw.billToDefaultsToSelf = true;
    account('A1');
    await pushRecord(context, 'accounts', 'A1');
    cw.calls = [];
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({ outcome: 'unchanged' });
    expect(cw.calls).toEqual([]);
    account('A1', { name: 'Renamed', type: { id: 'customer' } });
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({ outcome: 'updated' });
    expect(cw.calls).toEqual(['PATCH company/companies/100 name']);
  });

  it('links a company that already exists in ConnectWise instead of creating a duplicate', async () => {
    cw.rows.set('company/companies', [
      { id: 7, identifier: 'A1', name: 'Account A1', billToCompany: { id: 7 } },
    ]);
    account('A1');
    const result = await pushRecord(context, 'accounts', 'A1');
    expect(result).toMatchObject({ outcome: 'linked', connectwiseId: 7 });
    expect(cw.calls.filter((call) => call.startsWith('POST'))).toEqual([]);
    expect(links.get('main/accounts/A1')!.connectwiseId).toBe(7);
  });

  it('leaves ambiguous matches to a person', async () => {
    cw.rows.set('company/companies', [
      { id: 7, identifier: 'X1', name: 'Account A1' },
      { id: 8, identifier: 'X2', name: 'account a1' },
    ]);
    account('A1');
    expect(await pushRecord(context, 'accounts', 'A1')).toEqual({
      outcome: 'ambiguous',
      candidates: [7, 8],
      rule: 'same name, when exactly one company has it',
    });
  });

  it('settles a create whose answer was lost by finding it, never creating it twice', async () => {
    cw.billToDefaultsToSelf = true;
    account('A1');
    cw.failNextCreate = Object.assign(new Error('socket hang up'), { retryable: true });
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({
      outcome: 'failed',
      failure: { retryable: true },
    });
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({
      outcome: 'linked',
      connectwiseId: 100,
    });
    expect(cw.rows.get('company/companies')).toHaveLength(1);
  });

  it('waits for a parent account that is not in ConnectWise yet, but not for the primary contact', async () => {
    account('P1');
    account('A1', { parentAccount: { id: 'P1' } });
    expect(await pushRecord(context, 'accounts', 'A1')).toEqual({
      outcome: 'waiting',
      dependencies: [{ module: 'accounts', recordId: 'P1', as: 'parentAccount' }],
    });
    records.set('contacts/C1', { id: 'C1', firstName: 'Ann', account: { id: 'P1' } });
    account('P1', { primaryContact: { id: 'C1' } });
    expect(await pushRecord(context, 'accounts', 'P1')).toMatchObject({ outcome: 'created' });
  });

  it('holds a bill-to the tenant left unset while the account awaits its primary contact, and no longer', async () => {
    records.set('contacts/C1', { id: 'C1', firstName: 'Ann', account: { id: 'A1' } });
    account('A1', { primaryContact: { id: 'C1' } });
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({
      outcome: 'created',
      awaiting: [{ module: 'contacts', recordId: 'C1' }],
    });
    expect(cw.calls.filter((call) => call.startsWith('PATCH'))).toEqual([]);
    // Pushed again before the contact is in: the bill-to alone waits for the default contact's PATCH.
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({ outcome: 'unchanged' });
    expect(cw.calls.filter((call) => call.startsWith('PATCH'))).toEqual([]);
    // Another change goes out at once, and the bill-to with it.
    account('A1', { primaryContact: { id: 'C1' }, name: 'Renamed' });
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({ outcome: 'updated' });
    expect(cw.calls.at(-1)).toBe('PATCH company/companies/100 billToCompany,name');
    // The contact will not arrive (its push failed): the bill-to is written alone.
    account('A2', { primaryContact: { id: 'C1' } });
    await pushRecord(context, 'accounts', 'A2');
    expect(await pushRecord(context, 'accounts', 'A2', { writeHeld: true })).toMatchObject({
      outcome: 'updated',
    });
    expect(cw.calls.at(-1)).toBe('PATCH company/companies/101 billToCompany');
  });

  it('reads nothing twice: not the link its caller read, nor a primary contact found by its flag', async () => {
    records.set('contacts/C1', { id: 'C1', firstName: 'Ann', account: { id: 'A1' }, isPrimary: true });
    account('A1');
    const reads: string[] = [];
    const counted: PushContext = {
      ...context,
      records: {
        get: (entity, id) => {
          reads.push(`get ${entity}/${id}`);
          return context.records.get(entity, id);
        },
        findWhere: async (entity, where) => {
          reads.push(`find ${entity}`);
          const found = [...records.entries()].filter(
            ([key, record]) =>
              key.startsWith(`${entity}/`) &&
              Object.entries(where).every(([path, value]) => {
                const at = path.split('.').reduce<unknown>((on, part) => (on as never)?.[part], record);
                return String(at) === value;
              }),
          );
          return found.map(([, record]) => record);
        },
      },
      links: {
        ...context.links,
        find: (instanceId, module, recordId) => {
          reads.push(`link ${module}/${recordId}`);
          return context.links.find(instanceId, module, recordId);
        },
      },
    };
    expect(await pushRecord(counted, 'accounts', 'A1', { link: null })).toMatchObject({
      outcome: 'created',
      awaiting: [{ module: 'contacts', recordId: 'C1' }],
    });
    expect(reads).toContain('find contacts');
    expect(reads).toContain('link contacts/C1');
    expect(reads.filter((read) => read === 'link accounts/A1' || read === 'get contacts/C1')).toEqual([]);
  });

  it('takes links from the integrationIds a record was read with: reads one only to diff a linked record', async () => {
    cw.billToDefaultsToSelf = true;
    account('A1');
    await pushRecord(context, 'accounts', 'A1');
    const accountId = links.get('main/accounts/A1')!.connectwiseId;
    // as the store hands records out: each with its links' ConnectWise ids by instance
    records.set('accounts/A1', {
      ...records.get('accounts/A1'),
      integrationIds: { main: String(accountId) },
    });
    records.set('contacts/C1', {
      id: 'C1',
      firstName: 'Ann',
      account: { id: 'A1' },
      integrationIds: { other: '555' },
    });
    const linkReads: string[] = [];
    const counted: PushContext = {
      ...context,
      links: {
        ...context.links,
        find: (instanceId, module, recordId) => {
          linkReads.push(`${module}/${recordId}`);
          return context.links.find(instanceId, module, recordId);
        },
        // the links are those the records' integrationIds are read from, as the runtime's are
        idInRecord: connectwiseIdInRecord,
      },
    };
    const told: boolean[] = [];
    const linkKnown = (linked: boolean) => told.push(linked);
    expect(await pushRecord(counted, 'contacts', 'C1', { linkKnown })).toMatchObject({ outcome: 'created' });
    expect(cw.rows.get('company/contacts')![0]).toMatchObject({ company: { id: accountId } });
    expect(linkReads).toEqual([]);
    // linked on this instance: its link is read, for the snapshot the update diffs against
    expect(await pushRecord(counted, 'accounts', 'A1', { linkKnown })).toMatchObject({
      outcome: 'unchanged',
    });
    expect(linkReads).toEqual(['accounts/A1']);
    expect(told).toEqual([false, true]);
  });

  it('says which lookup to map when the account type has no ConnectWise type', async () => {
    account('A1', { type: { id: 'reseller' } });
    expect(await pushRecord(context, 'accounts', 'A1')).toEqual({
      outcome: 'failed',
      failure: {
        field: 'accountType',
        message:
          'account type "reseller" has no ConnectWise company type; map it in the AccountType synchronization lookup',
        retryable: false,
      },
    });
    expect(cw.calls).toEqual([]);
  });

  it('refuses a contact whose account has no type, with the documented warning', async () => {
    cw.billToDefaultsToSelf = true;
    account('A1', { type: undefined });
    await pushRecord(context, 'accounts', 'A1');
    records.set('contacts/C1', { id: 'C1', firstName: 'Ann', account: { id: 'A1' } });
    expect(await pushRecord(context, 'contacts', 'C1')).toMatchObject({
      outcome: 'failed',
      failure: { message: expect.stringContaining('Account > Demographics > Type') },
    });
  });

  it('pushes a contact under its linked company, matching none on a blank email', async () => {
    cw.billToDefaultsToSelf = true;
    account('A1');
    await pushRecord(context, 'accounts', 'A1');
    records.set('contacts/C1', {
      id: 'C1',
      firstName: 'Ann',
      lastName: 'Lee',
      account: { id: 'A1' },
      phone: '555',
    });
    cw.calls = [];
    expect(await pushRecord(context, 'contacts', 'C1')).toMatchObject({ outcome: 'created' });
    expect(cw.calls).toEqual(['POST company/contacts']);
    expect(cw.rows.get('company/contacts')![0]).toMatchObject({
      firstName: 'Ann',
      company: { id: 100 },
      communicationItems: [{ type: { id: 2 }, value: '555', communicationType: 'Phone', defaultFlag: true }],
    });
  });

  it("leaves the conflict base a pull would, naming the account from the push's own link", async () => {
    cw.billToDefaultsToSelf = true;
    account('A1');
    account('A2');
    await pushRecord(context, 'accounts', 'A1');
    await pushRecord(context, 'accounts', 'A2');
    const contact = { id: 'C1', firstName: 'Ann', lastName: 'Lee', account: { id: 'A1' }, phone: '555' };
    records.set('contacts/C1', contact);
    const byConnectwiseId: number[] = [];
    const findByConnectwiseId = context.links.findByConnectwiseId;
    context.links.findByConnectwiseId = async (instance, module, connectwiseId) => {
      byConnectwiseId.push(connectwiseId);
      return findByConnectwiseId(instance, module, connectwiseId);
    };
    await pushRecord(context, 'contacts', 'C1');
    expect(links.get('main/contacts/C1')!.bssValues).toMatchObject({
      account: { id: 'A1' },
      lastName: 'Lee',
    });
    expect(byConnectwiseId).toEqual([]);

    // ConnectWise answers with another company than the one written (a tenant rule): that one is looked up
    const update = cw.update.bind(cw);
    cw.update = async (resource, id, changes) => ({
      ...(await update(resource, id, changes)),
      company: { id: 101 },
    });
    records.set('contacts/C1', { ...contact, lastName: 'Lea' });
    expect(await pushRecord(context, 'contacts', 'C1')).toMatchObject({ outcome: 'updated' });
    expect(byConnectwiseId).toEqual([101]);
    expect(links.get('main/contacts/C1')!.bssValues).toMatchObject({
      account: { id: 'A2' },
      lastName: 'Lea',
    });
  });

  it('names the field of an address ConnectWise cannot take', async () => {
    account('A1', {
      addresses: [{ city: 'Tampa', stateName: 'Floridaa', countryName: 'United States', isBilling: true }],
    });
    expect(await pushRecord(context, 'accounts', 'A1')).toMatchObject({
      outcome: 'failed',
      failure: {
        field: 'state',
        message: expect.stringContaining('no state named "Floridaa" in United States'),
      },
    });
  });

  it("reports ConnectWise's own field errors", async () => {
    account('A1');
    cw.create = async () => {
      throw Object.assign(new Error('refused'), {
        status: 400,
        code: 'InvalidObject',
        retryable: false,
        errors: [{ code: 'InvalidField', field: 'name', message: 'name too long' }],
        describe: () => 'ConnectWise rejected company: name — name too long (InvalidField)',
      });
    };
    expect(await pushRecord(context, 'accounts', 'A1')).toEqual({
      outcome: 'failed',
      failure: {
        field: 'name',
        message: 'ConnectWise rejected company: name — name too long (InvalidField)',
        connectwise: {
          status: 400,
          code: 'InvalidObject',
          errors: [{ code: 'InvalidField', field: 'name', message: 'name too long' }],
        },
        retryable: false,
      },
    });
  });

  it('respects the instance switching an ability off', async () => {
    account('A1');
    context.abilities = (_module, ability) => ability !== 'push.create';
    expect(await pushRecord(context, 'accounts', 'A1')).toEqual({
      outcome: 'skipped',
      reason: 'push.create is switched off for accounts on this instance',
    });
  });
});
