import { describe, expect, it } from 'vitest';
import { entitySchemas, type EntityName } from '../../../src/bss/records/index.js';
import { RecordValidationError, type ValidationIssue } from '../../../src/bss/store/index.js';
import { validateInput } from '../../../src/bss/store/validate-input.js';
import { sampleInputs } from '../../support/bss-records.js';

function issuesOf(entity: EntityName, input: unknown): ValidationIssue[] {
  try {
    validateInput(entitySchemas[entity], input);
  } catch (error) {
    if (error instanceof RecordValidationError) return error.issues;
    throw error;
  }
  return [];
}

function withChange(entity: EntityName, change: Record<string, unknown>): Record<string, unknown> {
  return { ...sampleInputs[entity], ...change };
}

/** [entity, what is wrong, the change to a valid sample, the path and rule expected]. */
const badInputs: Array<[EntityName, string, Record<string, unknown>, string, string]> = [
  ['accounts', 'no name', { name: undefined }, 'name', 'required'],
  ['accounts', 'an empty name', { name: '  ' }, 'name', 'required'],
  ['accounts', 'a name over 255', { name: 'x'.repeat(256) }, 'name', 'maxLength'],
  [
    'accounts',
    'two billing addresses',
    { addresses: [{ isBilling: true }, { isBilling: true }] },
    'addresses',
    'singleBillingAddress',
  ],
  [
    'accounts',
    'a lower-case country code',
    { addresses: [{ countryCode: 'gr' }] },
    'addresses[0].countryCode',
    'pattern',
  ],
  [
    'accounts',
    'a 3-letter country code',
    { addresses: [{ countryCode: 'GRC' }] },
    'addresses[0].countryCode',
    'pattern',
  ],
  [
    'accounts',
    'a bad state code',
    { addresses: [{ stateCode: 'New York' }] },
    'addresses[0].stateCode',
    'pattern',
  ],
  ['accounts', 'a bad email', { corpEmail: 'not-an-email' }, 'corpEmail', 'format:email'],
  ['accounts', 'a URL without scheme', { webSite: 'acme.example' }, 'webSite', 'format:url'],
  ['accounts', 'an ftp URL', { webSite: 'ftp://acme.example' }, 'webSite', 'format:url'],
  ['accounts', 'letters as phone', { phone: 'call me' }, 'phone', 'pattern'],
  ['accounts', 'a reference without id', { type: {} }, 'type.id', 'required'],
  ['accounts', 'a reference id with spaces', { currency: { id: 'euro coin' } }, 'currency.id', 'pattern'],
  [
    'accounts',
    'its own parent',
    { parentAccount: { id: 'sample-account' } },
    'parentAccount.id',
    'notOwnParent',
  ],
  ['accounts', 'a string as isTaxable', { isTaxable: 'yes' }, 'isTaxable', 'type'],
  ['accounts', 'an unknown field', { colour: 'red' }, 'colour', 'unknownField'],
  [
    'accounts',
    'duplicate custom value names',
    {
      customValues: [
        { name: 'a', value: 1 },
        { name: 'a', value: 2 },
      ],
    },
    'customValues',
    'uniqueCustomValueNames',
  ],
  ['accounts', 'a bad VAT number', { vatNumber: 'EL!!' }, 'vatNumber', 'pattern'],
  ['accounts', 'an id with a slash', { id: 'a/b' }, 'id', 'pattern'],
  ['accounts', 'an id over 64', { id: 'x'.repeat(65) }, 'id', 'pattern'],
  ['contacts', 'no first name', { firstName: undefined }, 'firstName', 'required'],
  ['contacts', 'no account', { account: undefined }, 'account', 'required'],
  ['contacts', 'a bad email', { email: 'maria@' }, 'email', 'format:email'],
  ['products', 'a float price', { price: 22.5 }, 'price', 'type'],
  ['products', 'a price with 5 decimals', { price: '1.23456' }, 'price', 'pattern'],
  ['products', 'an unknown product class', { productClass: 'Gadget' }, 'productClass', 'enum'],
  ['orders', 'a bad order date', { orderDate: '2026-13-40' }, 'orderDate', 'format:date'],
  [
    'orders',
    'a zero quantity',
    { items: [{ product: { id: 'p' }, quantity: 0, unitPrice: '1' }] },
    'items[0].quantity',
    'minimum',
  ],
  ['orders', 'an unknown status', { status: 'shipped-ish' }, 'status', 'enum'],
  [
    'invoices',
    'a due date before the invoice date',
    { dueDate: '2026-11-01' },
    'dueDate',
    'dueNotBeforeInvoiceDate',
  ],
  ['invoices', 'no number', { number: undefined }, 'number', 'required'],
  ['payments', 'a zero amount', { amount: '0.00' }, 'amount', 'positive'],
  ['payments', 'a negative amount', { amount: '-5' }, 'amount', 'positive'],
  ['payments', 'no date', { date: undefined }, 'date', 'required'],
  ['subscriptions', 'an end before the start', { endDate: '2026-10-01' }, 'endDate', 'endNotBeforeStart'],
  ['subscriptions', 'an unknown status', { status: 'paused' }, 'status', 'enum'],
  ['subscriptions', 'no billing cycle', { billingCycle: undefined }, 'billingCycle', 'required'],
  ['currencies', 'a 2-letter code', { code: 'EU' }, 'code', 'pattern'],
  ['countries', 'a numeric code', { code: '30' }, 'code', 'pattern'],
  ['states', 'no country', { country: undefined }, 'country', 'required'],
  ['billing-cycles', 'an upper-case code', { code: 'Monthly' }, 'code', 'pattern'],
  ['account-types', 'a negative position', { position: -1 }, 'position', 'minimum'],
  ['account-types', 'a fractional position', { position: 1.5 }, 'position', 'type'],
];

describe('record validation', () => {
  it.each(Object.keys(sampleInputs) as EntityName[])('accepts the sample %s', (entity) => {
    expect(issuesOf(entity, sampleInputs[entity])).toEqual([]);
  });

  it.each(badInputs)('%s: refuses %s', (entity, _what, change, path, rule) => {
    const issues = issuesOf(entity, withChange(entity, change));
    expect(issues).toContainEqual(expect.objectContaining({ path, rule }));
    for (const issue of issues) expect(issue.message).not.toBe('');
  });

  it('lists every problem of a body at once, with what was given', () => {
    const issues = issuesOf('accounts', {
      name: '',
      corpEmail: 'nope',
      webSite: 'acme',
      addresses: [
        { isBilling: true, countryCode: 'greece' },
        { isBilling: true, stateCode: 'new-york' },
      ],
      typo: 1,
    });
    expect(issues.map((issue) => `${issue.path}:${issue.rule}`).sort()).toEqual(
      [
        'name:required',
        'corpEmail:format:email',
        'webSite:format:url',
        'addresses[0].countryCode:pattern',
        'addresses[1].stateCode:pattern',
        'addresses:singleBillingAddress',
        'typo:unknownField',
      ].sort(),
    );
    expect(issues.find((issue) => issue.path === 'corpEmail')?.received).toBe('nope');
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'text', 42]) {
      expect(issuesOf('accounts', body)).toEqual([expect.objectContaining({ path: '', rule: 'type' })]);
    }
  });

  it('reads null as absent and ignores read-only fields sent back from a GET', () => {
    const { data } = validateInput(entitySchemas.contacts, {
      ...sampleInputs.contacts,
      fax: null,
      version: 3,
      createdAt: '2026-01-01T00:00:00Z',
      integrationIds: { x: '1' },
    });
    expect(data).not.toHaveProperty('fax');
    expect(data).not.toHaveProperty('version');
    expect(data).not.toHaveProperty('integrationIds');
  });

  it('cuts long values it echoes back', () => {
    const [issue] = issuesOf('accounts', { ...sampleInputs.accounts, name: 'y'.repeat(5000) });
    expect(String(issue?.received).length).toBeLessThan(110);
  });
});
