import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../src/sandbox/context.js';
import { createMemoryStore } from '../../../src/sandbox/store/memory-store.js';

function createStore(now = new Date('2026-03-01T10:00:00.123Z')) {
  return createMemoryStore({
    callbackTypeOf: (resource) => (resource === 'company/contacts' ? 'contact' : null),
    now: () => now,
  });
}

describe('the sandbox memory store', () => {
  it('assigns ids and _info, and emits added / updated / deleted with the callback type', () => {
    const store = createStore();
    const events: ChangeEvent[] = [];
    store.onChange((event) => events.push(event));
    const inserted = store.insert('company/contacts', { firstName: 'Ann' }, 'cwsync');
    expect(inserted).toEqual({
      id: 1,
      firstName: 'Ann',
      _info: {
        lastUpdated: '2026-03-01T10:00:00Z',
        updatedBy: 'cwsync',
        dateEntered: '2026-03-01T10:00:00Z',
        enteredBy: 'cwsync',
      },
    });
    store.replace('company/contacts', 1, { firstName: 'Bea' }, 'other');
    store.remove('company/contacts', 1, 'other');
    expect(
      events.map((event) => [event.action, event.callbackType, event.memberIdentifier, event.id]),
    ).toEqual([
      ['added', 'contact', 'cwsync', 1],
      ['updated', 'contact', 'other', 1],
      ['deleted', 'contact', 'other', 1],
    ]);
    expect(events[1]?.record).toMatchObject({
      firstName: 'Bea',
      _info: { updatedBy: 'other', enteredBy: 'cwsync' },
    });
    expect(events[2]?.record).toBeNull();
  });

  it('keeps a requested id when free and lists rows in id order', () => {
    const store = createStore();
    store.insert('company/communicationTypes', { id: 13, description: 'Professional' }, 'seed');
    store.insert('company/communicationTypes', { id: 2, description: 'Direct' }, 'seed');
    store.insert('company/communicationTypes', { id: 2, description: 'Taken id' }, 'seed');
    expect(store.list('company/communicationTypes').map((row) => [row.id, row.description])).toEqual([
      [2, 'Direct'],
      [13, 'Professional'],
      [14, 'Taken id'],
    ]);
  });

  it('filters nested rows by parent id', () => {
    const store = createStore();
    store.insert('finance/invoices/{parentId}/payments', { amount: 1 }, 'cwsync', 7);
    store.insert('finance/invoices/{parentId}/payments', { amount: 2 }, 'cwsync', 8);
    expect(store.list('finance/invoices/{parentId}/payments', 8).map((row) => row.amount)).toEqual([2]);
    expect(store.list('finance/invoices/{parentId}/payments')).toHaveLength(2);
  });

  it('round-trips through snapshot and restore, keeping the next id', () => {
    const store = createStore();
    store.insert('company/companies', { identifier: 'A' }, 'cwsync');
    store.insert('company/companies', { identifier: 'B' }, 'cwsync');
    store.remove('company/companies', 2, 'cwsync');
    const copy = createStore();
    copy.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(copy.list('company/companies').map((row) => row.identifier)).toEqual(['A']);
    expect(copy.insert('company/companies', { identifier: 'C' }, 'cwsync').id).toBe(3);
    expect(() => copy.restore({ something: 'else' })).toThrow(/snapshot/);
    copy.clear();
    expect(copy.list('company/companies')).toEqual([]);
  });

  it('hands out stored copies, so a caller changing its input does not change the store', () => {
    const store = createStore();
    const input = { identifier: 'A', types: [{ id: 1 }] };
    store.insert('company/companies', input, 'cwsync');
    input.types.push({ id: 2 });
    expect(store.get('company/companies', 1)?.types).toEqual([{ id: 1 }]);
  });
});
