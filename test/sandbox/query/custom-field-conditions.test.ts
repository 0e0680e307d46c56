import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../src/sandbox/query/index.js';
import { loadCapturedContacts, selectIds } from './contact-records.js';

const agreements = [
  {
    id: 1,
    customFields: [
      { id: 7, caption: 'Subscription ID', type: 'Text', value: 'S-1' },
      { id: 8, caption: 'Seats', type: 'Number', value: 12 },
    ],
  },
  {
    // S-1 is here, but not in the Subscription ID field
    id: 2,
    customFields: [
      { id: 7, caption: 'Subscription ID', type: 'Text', value: 'S-2' },
      { id: 9, caption: 'Previous ID', type: 'Text', value: 'S-1' },
    ],
  },
  { id: 3, customFields: [] },
  { id: 4 },
];

const customWhere = (customFieldConditions: string) => selectIds(agreements, { customFieldConditions });

describe('customFieldConditions', () => {
  it('matches when one custom field satisfies the whole expression', () => {
    expect(customWhere('caption = "Subscription ID" and value = "S-1"')).toEqual([1]);
    expect(customWhere('value = "s-1"')).toEqual([1, 2]);
  });

  it('compares numbers, ids and case-insensitive field names', () => {
    expect(customWhere('Caption = "seats" AND Value >= 10')).toEqual([1]);
    expect(customWhere('id in (8, 9)')).toEqual([1, 2]);
    expect(customWhere('type = "number" and value > "5"')).toEqual([1]);
  });

  it('finds the captured contact by its custom field', () => {
    const contacts = loadCapturedContacts();
    expect(
      selectIds(contacts, { customFieldConditions: 'caption = "is_synced" and value = "false"' }),
    ).toEqual([57919, 58024]);
    expect(
      selectIds(contacts, { customFieldConditions: 'caption = "sync_status" and value = "PENDING"' }),
    ).toEqual([31045]);
    expect(
      selectIds(contacts, { customFieldConditions: 'caption = "hubspot_contact_id" and value != null' }),
    ).toEqual([]);
  });

  it('rejects paths that are not custom-field fields', () => {
    expect(() => compileQuery({ customFieldConditions: 'caption = "x" and valu = "y"' })).toThrow(
      'Unknown field "valu" at position 18 in customFieldConditions',
    );
    expect(() => compileQuery({ customFieldConditions: 'value/x = 1' })).toThrow('Unknown field "value/x"');
  });

  it('rejects values a custom-field field cannot hold', () => {
    expect(() => compileQuery({ customFieldConditions: 'id = "seven"' })).toThrow(
      'id is a number; it cannot be compared with "seven" at position 5 in customFieldConditions',
    );
  });
});
