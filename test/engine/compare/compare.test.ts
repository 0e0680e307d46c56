import { describe, expect, it } from 'vitest';
import { changedFields, hasChanges, sameMappedValue, decidePull } from '../../../src/engine/index.js';

describe('sameMappedValue', () => {
  it('treats absent, null and empty text as the same nothing', () => {
    expect(sameMappedValue(undefined, null)).toBe(true);
    expect(sameMappedValue('', undefined)).toBe(true);
    expect(sameMappedValue('a', undefined)).toBe(false);
  });

  it('compares references by id, whatever ConnectWise decorates them with', () => {
    expect(sameMappedValue({ id: 5 }, { id: 5, name: 'Active', _info: { status_href: 'x' } })).toBe(true);
    expect(sameMappedValue({ id: 5 }, { id: '5' })).toBe(true);
    expect(sameMappedValue({ id: 5 }, { id: 6, name: 'Active' })).toBe(false);
  });

  it('compares objects that are not references field by field', () => {
    const item = { type: { id: 1 }, value: 'a@b.example', communicationType: 'Email' };
    expect(sameMappedValue([item], [{ ...item, id: 9, type: { id: 1, name: 'Email' } }])).toBe(false);
    expect(sameMappedValue([item], [{ ...item, type: { id: 1, name: 'Email' } }])).toBe(true);
  });
});

describe('changedFields', () => {
  const written = {
    name: 'Northwind',
    city: 'Tampa',
    status: { id: 1 },
    types: [{ id: 2 }],
    phoneNumber: '1',
  };

  it('finds nothing to write when nothing changed', () => {
    expect(hasChanges(changedFields(written, { ...written, status: { id: 1, name: 'Active' } }))).toBe(false);
  });

  it('writes only the fields that changed, and clears the ones that were emptied', () => {
    const next = { name: 'Northwind Ltd', city: 'Tampa', status: { id: 1 }, types: [{ id: 2 }] };
    expect(changedFields(written, next)).toEqual({ set: { name: 'Northwind Ltd' }, unset: ['phoneNumber'] });
  });

  it('never updates create-only fields', () => {
    const next = { ...written, status: { id: 9 }, types: [{ id: 3 }] };
    expect(changedFields(written, next, new Set(['status', 'types']))).toEqual({ set: {}, unset: [] });
  });

  it('writes everything against an unknown previous state', () => {
    expect(changedFields(undefined, { name: 'A' })).toEqual({ set: { name: 'A' }, unset: [] });
  });
});

describe('decidePull', () => {
  const base = { name: 'Northwind', phone: '1', webSite: 'https://a.example' };

  it('writes nothing back when ConnectWise shows what the BSS already has (no echo)', () => {
    expect(decidePull({ ...base }, { ...base }, base, 'bss-wins')).toEqual({ apply: {}, conflicts: [] });
  });

  it('applies what only ConnectWise changed', () => {
    const decision = decidePull({ ...base, phone: '2' }, { ...base }, base, 'bss-wins');
    expect(decision).toEqual({ apply: { phone: '2' }, conflicts: [] });
  });

  it('keeps what only the BSS changed', () => {
    const decision = decidePull({ ...base }, { ...base, phone: '3' }, base, 'connectwise-wins');
    expect(decision).toEqual({ apply: {}, conflicts: [] });
  });

  it('settles a field both sides changed by the policy, and reports both values', () => {
    const incoming = { ...base, phone: '2' };
    const current = { ...base, phone: '3' };
    const conflict = { field: 'phone', bssValue: '3', connectwiseValue: '2' };
    expect(decidePull(incoming, current, base, 'bss-wins')).toEqual({
      apply: {},
      conflicts: [{ ...conflict, winner: 'bss' }],
    });
    expect(decidePull(incoming, current, base, 'connectwise-wins')).toEqual({
      apply: { phone: '2' },
      conflicts: [{ ...conflict, winner: 'connectwise' }],
    });
    expect(decidePull(incoming, current, base, 'newest-wins', 'bss').conflicts[0]!.winner).toBe('bss');
  });

  it('takes every differing field on a first pull', () => {
    expect(decidePull({ name: 'A', phone: '1' }, { name: 'A' }, undefined, 'bss-wins')).toEqual({
      apply: { phone: '1' },
      conflicts: [],
    });
  });
});
