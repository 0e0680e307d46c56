import { describe, expect, it } from 'vitest';
import { compileQuery, createFieldCatalog, type FieldCatalog } from '../../../src/sandbox/query/index.js';
import { companies, selectIds } from './contact-records.js';

const catalog = createFieldCatalog({
  id: 'number',
  identifier: 'string',
  name: 'string',
  annualRevenue: 'number',
  deletedFlag: 'boolean',
  dateAcquired: 'datetime',
  status: { id: 'number', name: 'string' },
  types: [{ id: 'number', name: 'string' }],
});

const compileWithKinds = (conditions: string) => () => compileQuery({ conditions }, catalog);

describe('comparisons the field cannot take, rejected with a catalog that knows kinds', () => {
  it.each([
    [
      'status = 5',
      'status is a reference; compare one of its fields, e.g. status/id at position 0 in conditions',
    ],
    [
      'status like "A%"',
      'status is a reference; compare one of its fields, e.g. status/id at position 0 in conditions',
    ],
    [
      'types = "Customer"',
      'types is an array; filter its elements with childConditions, e.g. types/id = 1 at position 0 in conditions',
    ],
    [
      'types/name = "Customer"',
      'types is an array, so types/name is not one value (filter by its elements with childConditions) at position 0 in conditions',
    ],
    ['id > "abc"', 'id is a number; it cannot be compared with "abc" at position 5 in conditions'],
    ['id in (1, "two")', 'id is a number; it cannot be compared with "two" at position 10 in conditions'],
    ['id = true', 'id is a number; it cannot be compared with true at position 5 in conditions'],
    [
      'name > [2026-01-01]',
      'name is text, not a datetime; it cannot be compared with [2026-01-01] at position 7 in conditions',
    ],
    [
      'deletedFlag = "yes"',
      'deletedFlag is a boolean; it cannot be compared with "yes" at position 14 in conditions',
    ],
    [
      'dateAcquired > "soon"',
      'dateAcquired is a datetime; it cannot be compared with "soon" at position 15 in conditions',
    ],
    [
      'dateAcquired = 5',
      'dateAcquired is a datetime; it cannot be compared with 5 at position 15 in conditions',
    ],
  ])('%s', (conditions, message) => {
    expect(compileWithKinds(conditions)).toThrow(message);
  });

  it('still allows = null and != null on references', () => {
    expect(selectIds(companies, { conditions: 'status = null' }, catalog)).toEqual([4]);
    expect(selectIds(companies, { conditions: 'status != null' }, catalog)).toEqual([1, 2, 3]);
  });

  it('coerces quoted values the field type can read', () => {
    expect(selectIds(companies, { conditions: 'id <= "2" and deletedFlag = "false"' }, catalog)).toEqual([1]);
    expect(selectIds(companies, { conditions: 'dateAcquired > "2025-01-01"' }, catalog)).toEqual([2]);
    expect(selectIds(companies, { conditions: 'dateAcquired in ("2024-05-01T00:00:00Z")' }, catalog)).toEqual(
      [1],
    );
  });

  it('allows like and contains on numbers and datetimes', () => {
    expect(selectIds(companies, { conditions: 'dateAcquired like "2024-%"' }, catalog)).toEqual([1]);
    expect(selectIds(companies, { conditions: 'id contains "3"' }, catalog)).toEqual([3]);
  });

  it('rejects childConditions paths that do not start with an array', () => {
    expect(() => compileQuery({ childConditions: 'status/name = "Active"' }, catalog)).toThrow(
      'status is not an array; childConditions paths start with an array field (filter status with conditions) at position 0 in childConditions',
    );
  });

  it('compares an array element in childConditions against its own kind', () => {
    expect(() => compileQuery({ childConditions: 'types/id = "x"' }, catalog)).toThrow(
      'types/id is a number; it cannot be compared with "x" at position 11 in childConditions',
    );
    expect(selectIds(companies, { childConditions: 'types/id = "3"' }, catalog)).toEqual([2]);
  });
});

describe('createFieldCatalog', () => {
  const described: FieldCatalog = catalog;

  it('knows paths case-insensitively, through references and arrays', () => {
    expect(described.hasPath(['Status', 'NAME'])).toBe(true);
    expect(described.hasPath(['types', 'name'])).toBe(true);
    expect(described.hasPath(['status', 'nope'])).toBe(false);
    expect(described.hasPath(['id', 'x'])).toBe(false);
    expect(described.hasPath([])).toBe(false);
  });

  it('reports kinds', () => {
    expect(described.kindOf?.(['status'])).toBe('reference');
    expect(described.kindOf?.(['types'])).toBe('array');
    expect(described.kindOf?.(['types', 'id'])).toBe('number');
    expect(described.kindOf?.(['dateacquired'])).toBe('datetime');
    expect(described.kindOf?.(['missing'])).toBeUndefined();
  });

  it('is optional: a catalog without kindOf only rejects unknown fields', () => {
    const namesOnly: FieldCatalog = {
      hasPath: (segments) => ['id', 'status'].includes(segments[0]!.toLowerCase()),
    };
    expect(selectIds(companies, { conditions: 'status = 5' }, namesOnly)).toEqual([]);
    expect(() => compileQuery({ conditions: 'name = 1' }, namesOnly)).toThrow('Unknown field "name"');
  });
});
