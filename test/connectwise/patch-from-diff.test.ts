import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPatchFromDiff } from '../../src/connectwise/index.js';
import { isIdempotentPatch } from '../../src/connectwise/patch.js';

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/connectwise/amp-labs/${path}`, import.meta.url), 'utf8'));

describe('buildPatchFromDiff', () => {
  const before = {
    id: 5,
    identifier: 'ACME',
    name: 'Acme',
    city: 'Tampa',
    website: 'acme.example',
    status: { id: 1, name: 'Active', _info: { status_href: 'x' } },
    customFields: [
      { id: 4, caption: 'BSS id', type: 'Text', value: 'acc-1' },
      { id: 6, caption: 'Tier', type: 'Text', value: 'Gold' },
    ],
    _info: { lastUpdated: '2026-01-01T00:00:00Z' },
  };

  it('emits nothing when the wanted values are already there (references compare by id)', () => {
    expect(
      buildPatchFromDiff(before, {
        name: 'Acme',
        status: { id: 1 },
        customFields: [
          { id: 4, value: 'acc-1' },
          { id: 6, value: 'Gold' },
        ],
      }),
    ).toEqual([]);
  });

  it('replaces changed fields, adds new ones, removes nulls, sends references as {id}, arrays whole', () => {
    expect(
      buildPatchFromDiff(before, {
        id: 99,
        _info: {},
        name: 'Acme Ltd',
        zip: '33601',
        website: null,
        state: null,
        status: { id: 2, name: 'Inactive' },
        customFields: [
          { id: 4, value: 'acc-1' },
          { id: 6, value: 'Silver' },
        ],
      }),
    ).toEqual([
      { op: 'replace', path: 'name', value: 'Acme Ltd' },
      { op: 'add', path: 'zip', value: '33601' },
      { op: 'remove', path: 'website' },
      { op: 'replace', path: 'status', value: { id: 2 } },
      {
        op: 'replace',
        path: 'customFields',
        value: [
          { id: 4, value: 'acc-1' },
          { id: 6, value: 'Silver' },
        ],
      },
    ]);
  });

  it('finds the one change between a captured contact and a copy of it', () => {
    const [captured] = fixture('test/read/one-contact.json') as Array<Record<string, unknown>>;
    const company = captured!.company as { id: number };
    expect(
      buildPatchFromDiff(captured!, { ...captured, firstName: 'Changed', company: { id: company.id } }),
    ).toEqual([{ op: 'replace', path: 'firstName', value: 'Changed' }]);
  });
});

describe('isIdempotentPatch', () => {
  it('treats positional array adds and removes as unsafe to repeat', () => {
    expect(isIdempotentPatch([{ op: 'replace', path: '/communicationItems/1/value', value: 'x' }])).toBe(
      true,
    );
    expect(isIdempotentPatch([{ op: 'add', path: 'zip', value: '1' }])).toBe(true);
    expect(isIdempotentPatch([{ op: 'remove', path: '/communicationItems/0' }])).toBe(false);
    expect(isIdempotentPatch([{ op: 'add', path: '/communicationItems/-', value: {} }])).toBe(false);
  });
});
