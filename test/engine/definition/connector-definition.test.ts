import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  compileConnectorDefinition,
  loadConnectorDefinition,
} from '../../../src/engine/index.js';
import { loadConnectWiseDefinition } from '../../../src/connectors/connectwise/index.js';

const connector = await loadConnectWiseDefinition();
const accounts = connector.modules.get('accounts')!;
const contacts = connector.modules.get('contacts')!;

const account = {
  id: 'ACC-1001',
  code: 'C1001',
  name: 'Northwind Traders',
  type: { id: 'reseller' },
  currency: { id: 'USD' },
  parentAccount: { id: 'ACC-1' },
  primaryContact: { id: 'CON-7' },
  phone: '+1 555 0100',
  fax: '+1 555 0101',
  webSite: 'https://northwind.example',
  addresses: [
    { address1: 'Shipping dock 4', city: 'Reno', isBilling: false },
    {
      address1: '1 Main Street',
      address2: 'Suite 200',
      city: 'Tampa',
      postCode: '33602',
      stateName: 'Florida',
      countryName: 'United States',
      countryCode: 'US',
      isBilling: true,
    },
  ],
};

function pushInput(overrides: Record<string, unknown> = {}) {
  return {
    record: account,
    address: account.addresses[1],
    vars: { importAccountStatusId: 3, companySiteName: 'Head Office' },
    lookup: { accountType: 12, currency: 7 },
    link: { parentAccount: 501, primaryContact: 902, self: 777 },
    pre: { stateCode: 'FL', countryId: 1 },
    ...overrides,
  };
}

describe('the ConnectWise connector definition', () => {
  it('declares the documented push/pull matrix for accounts and contacts', () => {
    for (const module of [accounts, contacts]) {
      expect(module.definition.abilities).toEqual({
        push: { create: true, update: true, delete: false },
        pull: { create: true, update: true },
      });
    }
  });

  it('maps every row of the documented Account → Company table', async () => {
    const body = await accounts.push!.map(pushInput());
    expect(body).toEqual({
      identifier: 'ACC-1001',
      name: 'Northwind Traders',
      status: { id: 3 },
      site: { name: 'Head Office' },
      types: [{ id: 12 }],
      addressLine1: '1 Main Street',
      addressLine2: 'Suite 200',
      city: 'Tampa',
      state: 'FL',
      zip: '33602',
      country: { id: 1 },
      phoneNumber: '+1 555 0100',
      faxNumber: '+1 555 0101',
      website: 'https://northwind.example',
      defaultContact: { id: 902 },
      parentCompany: { id: 501 },
      billToCompany: { id: 777 },
      currency: { id: 7 },
      accountNumber: 'C1001',
    });
    expect([...accounts.push!.createOnlyTargets].sort()).toEqual(['site', 'status', 'types']);
  });

  it('leaves out what is not known yet instead of sending empty references', async () => {
    const body = await accounts.push!.map(
      pushInput({ link: {}, pre: {}, lookup: {}, record: { id: 'A', name: 'Bare' }, address: undefined }),
    );
    expect(body).toEqual({ identifier: 'A', name: 'Bare', status: { id: 3 }, site: { name: 'Head Office' } });
  });

  it('pulls a company back as an account whose billing address is the ConnectWise address', async () => {
    const company = {
      id: 777,
      identifier: 'ACC-1001',
      name: 'Northwind Traders Ltd',
      addressLine1: '9 Harbour Road',
      city: 'Tampa',
      state: 'FL',
      zip: '33603',
      country: { id: 1, name: 'United States' },
      phoneNumber: '+1 555 0199',
      website: 'https://northwind.example',
      accountNumber: 'C1001',
      types: [{ id: 12 }, { id: 13 }],
    };
    const result = await accounts.pull!.map({
      company,
      current: account,
      lookup: { accountType: 'reseller', currency: 'USD' },
      link: { parentAccount: 'ACC-1' },
      pre: { country: { code: 'US', name: 'United States' }, state: { code: 'FL', name: 'Florida' } },
    });
    expect(result).toMatchObject({
      name: 'Northwind Traders Ltd',
      code: 'C1001',
      phone: '+1 555 0199',
      type: { id: 'reseller' },
      currency: { id: 'USD' },
      parentAccount: { id: 'ACC-1' },
    });
    expect(result.addresses).toEqual([
      { address1: 'Shipping dock 4', city: 'Reno', isBilling: false },
      {
        isBilling: true,
        address1: '9 Harbour Road',
        // ConnectWise has no second line now: the BSS one is cleared, not kept.
        address2: null,
        city: 'Tampa',
        postCode: '33603',
        stateCode: 'FL',
        stateName: 'Florida',
        countryCode: 'US',
        countryName: 'United States',
      },
    ]);
  });

  it('derives the billing address as the one address ConnectWise keeps (data, not engine code)', async () => {
    const [name, billing] = accounts.push!.derived[0]!;
    expect(name).toBe('address');
    expect(await billing.evaluate({ record: account })).toEqual(account.addresses[1]);
    expect(
      await billing.evaluate({ record: { ...account, addresses: [account.addresses[0]] } }),
    ).toBeUndefined();
    expect(await billing.evaluate({ record: { ...account, addresses: [] } })).toBeUndefined();
    expect(() =>
      compileConnectorDefinition({
        ...connector.definition,
        modules: {
          ...connector.definition.modules,
          accounts: {
            ...accounts.definition,
            push: { ...accounts.definition.push, derived: { record: 'x' } },
          },
        },
      }),
    ).toThrow(/already in the mapping input/);
  });

  it('maps a contact both ways, communication items included', async () => {
    const pushed = await contacts.push!.map({
      record: {
        id: 'CON-7',
        firstName: 'Ann',
        lastName: 'Lee',
        jobTitle: 'CFO',
        email: 'ann@northwind.example',
      },
      link: { account: 777 },
      pre: { communicationItems: [{ type: { id: 1 }, value: 'ann@northwind.example', defaultFlag: true }] },
    });
    expect(pushed).toEqual({
      firstName: 'Ann',
      lastName: 'Lee',
      company: { id: 777 },
      title: 'CFO',
      communicationItems: [{ type: { id: 1 }, value: 'ann@northwind.example', defaultFlag: true }],
    });
    const pulled = await contacts.pull!.map({
      contact: {
        firstName: 'Ann',
        lastName: 'Lee',
        title: 'CFO',
        communicationItems: [
          { type: { id: 2, name: 'Direct' }, value: '+1 555 0102', communicationType: 'Phone' },
          { type: { id: 1, name: 'Email' }, value: 'ann@northwind.example', communicationType: 'Email' },
          { type: { id: 4, name: 'Cell' }, value: '+1 555 0103', communicationType: 'Phone' },
          { type: { id: 3, name: 'Fax' }, value: '+1 555 0104', communicationType: 'Fax' },
        ],
      },
      link: { account: 'ACC-1001' },
    });
    expect(pulled).toEqual({
      firstName: 'Ann',
      lastName: 'Lee',
      jobTitle: 'CFO',
      account: { id: 'ACC-1001' },
      email: 'ann@northwind.example',
      phone: '+1 555 0102',
      mobilePhone: '+1 555 0103',
      fax: '+1 555 0104',
    });
  });

  it("checks the documented precondition: a contact's account needs a type", async () => {
    const [precondition] = contacts.preconditions;
    expect(await precondition!.check.evaluate({ related: { account: { type: { id: 'x' } } } })).toBe(true);
    expect(await precondition!.check.evaluate({ related: { account: { name: 'no type' } } })).toBe(false);
  });

  it('resolves the ids of what a record depends on and the lookups it needs', async () => {
    const ids = Object.fromEntries(
      await Promise.all(accounts.dependencyIds.map(async (d) => [d.as, await d.recordId.evaluate(account)])),
    );
    expect(ids).toEqual({ parentAccount: 'ACC-1', primaryContact: 'CON-7' });
    const lookups = Object.fromEntries(
      await Promise.all(accounts.lookupIds.map(async (l) => [l.as, await l.internalId.evaluate(account)])),
    );
    expect(lookups).toEqual({ accountType: 'reseller', currency: 'USD' });
  });
});

describe('a customised definition', () => {
  const base = connector.definition;
  const withAccounts = (change: (module: Record<string, unknown>) => void) => {
    const document = structuredClone(base) as unknown as { modules: Record<string, Record<string, unknown>> };
    change(document.modules.accounts!);
    return document;
  };

  it('is refused with the place of a JSONata mistake', () => {
    const document = withAccounts((module) => {
      (module.push as { fields: Array<{ expression: string }> }).fields[1]!.expression = 'record.name +';
    });
    expect(() => compileConnectorDefinition(document)).toThrow(DefinitionError);
    expect(() => compileConnectorDefinition(document)).toThrow(
      /modules\.accounts\.push\.fields\.name: invalid JSONata/,
    );
  });

  it('is refused when it uses a lookup it does not declare', () => {
    const document = withAccounts((module) => {
      (module.lookups as Array<{ lookup: string }>)[0]!.lookup = 'Nope';
    });
    expect(() => compileConnectorDefinition(document)).toThrow(/uses lookup "Nope"/);
  });

  it('is refused when a lookup of ConnectWise ids names no resource, or a typed one names one', () => {
    const document = structuredClone(base) as unknown as { lookups: Record<string, Record<string, unknown>> };
    delete document.lookups.Currency!.connectwiseResource;
    document.lookups.PaymentMethod!.connectwiseResource = 'finance/paymentTypes';
    expect(() => compileConnectorDefinition(document)).toThrow(
      /lookups\.Currency\.connectwiseResource: is required for a lookup of ConnectWise ids/,
    );
    expect(() => compileConnectorDefinition(document)).toThrow(
      /lookups\.PaymentMethod\.connectwiseResource: must be left out of a lookup of typed text/,
    );
  });

  it('lists the modules in the order records travel, and refuses an order naming a module with no file', async () => {
    expect(Object.keys(connector.definition.modules)).toEqual([
      'accounts',
      'contacts',
      'products',
      'orders',
      'invoices',
      'payments',
      'subscriptions',
    ]);
    const folder = mkdtempSync(join(tmpdir(), 'cwsync-connector-'));
    try {
      cpSync('connectors/connectwise', folder, { recursive: true });
      const file = join(folder, 'connector.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('moduleOrder: [', 'moduleOrder: [refunds, '));
      await expect(loadConnectorDefinition(folder)).rejects.toThrow(
        'moduleOrder: lists refunds, which modules/ has no file for',
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is refused when a match rule compares two custom fields (ConnectWise matches one per query)', () => {
    const document = withAccounts((module) => {
      module.match = [
        {
          description: 'two custom fields',
          conditions: [
            { connectwiseField: 'a', customField: 'A', value: 'identifier' },
            { connectwiseField: 'b', customField: 'B', value: 'name' },
          ],
        },
      ];
    });
    expect(() => compileConnectorDefinition(document)).toThrow(/compares at most one custom field/);
  });

  it('is refused when a field is mapped twice', () => {
    const document = withAccounts((module) => {
      const fields = (module.push as { fields: unknown[] }).fields;
      fields.push(fields[0]);
    });
    expect(() => compileConnectorDefinition(document)).toThrow(/target "identifier" is mapped twice/);
  });

  it('is refused when a module can push but has no push mapping', () => {
    const document = withAccounts((module) => {
      delete module.push;
    });
    expect(() => compileConnectorDefinition(document)).toThrow(/can push but has no push mapping/);
  });
});
