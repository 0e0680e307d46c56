import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../src/sandbox/query/index.js';
import { loadCapturedContacts, selectIds } from './contact-records.js';

const contacts = [
  {
    id: 1,
    communicationItems: [
      { value: 'ann@x.com', communicationType: 'Email', type: { id: 1, name: 'Email' } },
      { value: '555-0100', communicationType: 'Phone', type: { id: 2, name: 'Direct' } },
    ],
    types: [{ id: 10, name: 'Billing' }],
  },
  {
    // the email-looking value sits on a Phone item and the Email item has no @x.com value
    id: 2,
    communicationItems: [
      { value: 'bob@x.com', communicationType: 'Phone' },
      { value: 'bob@y.org', communicationType: 'Email' },
    ],
    types: [{ id: 11, name: 'Technical' }],
  },
  { id: 3, communicationItems: [], types: [{ id: 10, name: 'Billing' }] },
  { id: 4 },
];

const childWhere = (childConditions: string) => selectIds(contacts, { childConditions });

describe('childConditions', () => {
  it('matches when one element satisfies every clause about its array', () => {
    const query =
      'communicationItems/value like "%@x.com" and communicationItems/communicationType = "Email"';
    expect(childWhere(query)).toEqual([1]);
  });

  it('matches on any element for a single clause', () => {
    expect(childWhere('communicationItems/value like "%@x.com"')).toEqual([1, 2]);
    expect(childWhere('communicationItems/type/name = "direct"')).toEqual([1]);
  });

  it('handles or inside the element expression', () => {
    expect(
      childWhere('communicationItems/value = "bob@y.org" or communicationItems/value = "555-0100"'),
    ).toEqual([1, 2]);
    expect(
      childWhere(
        'communicationItems/communicationType = "Email" and (communicationItems/value like "%.org" or communicationItems/value like "ann%")',
      ),
    ).toEqual([1, 2]);
  });

  it('never matches a record whose array is empty or missing', () => {
    expect(childWhere('communicationItems/value = null')).toEqual([]);
    expect(childWhere('communicationItems/value != null')).toEqual([1, 2]);
  });

  it('takes one element of each array when clauses name different arrays', () => {
    expect(childWhere('communicationItems/communicationType = "Email" and types/name = "billing"')).toEqual([
      1,
    ]);
    expect(childWhere('communicationItems/value like "bob%" or types/id = 10')).toEqual([1, 2, 3]);
    expect(
      childWhere(
        'communicationItems/communicationType = "Phone" and (communicationItems/value like "bob%" or types/name = "billing")',
      ),
    ).toEqual([1, 2]);
  });

  it('combines with conditions', () => {
    const query = compileQuery({ conditions: 'id > 1', childConditions: 'types/name = "Billing"' });
    expect(contacts.filter((contact) => query.matches(contact)).map((contact) => contact.id)).toEqual([3]);
  });

  it('filters the captured contact by its communication items', () => {
    const captured = loadCapturedContacts();
    const query =
      'communicationItems/communicationType = "email" AND communicationItems/value like "professional.%@test.com"';
    expect(selectIds(captured, { childConditions: query })).toEqual([57919]);
    expect(
      selectIds(captured, { childConditions: 'communicationItems/communicationType = "Pager"' }),
    ).toEqual([]);
  });

  it('scans arrays apart when an and-group only joins them through or', () => {
    const records = [
      { id: 1, a: [{ x: 1 }, { x: 1, y: 2 }], b: [], c: [{ x: 2 }], d: [{ x: 1 }] },
      { id: 2, a: [{ x: 1, y: 2 }], b: [{ x: 2 }], c: [], d: [] },
      { id: 3, a: [{ x: 1 }, { y: 2 }], d: [{ x: 1 }] },
    ];
    const childConditions = 'a/x = 1 and (b/x = 1 or c/x = 1 or d/x = 1) and a/y = 2';
    expect(selectIds(records, { childConditions })).toEqual([1]);
  });

  it('rejects a group mixing more arrays than it can combine', () => {
    expect(() =>
      compileQuery({
        childConditions: 'a/x = 1 and (a/y = 1 or b/x = 1) and (b/y = 1 or c/x = 1) and (c/y = 1 or d/x = 1)',
      }),
    ).toThrow(
      'One group of clauses names 4 different arrays; at most 3 can be combined at position 0 in childConditions',
    );
  });
});
