import { describe, expect, it } from 'vitest';
import { compileQuery, createFieldCatalog } from '../../../src/sandbox/query/index.js';
import { companies, selectIds } from './contact-records.js';

const orderedIds = (orderBy?: string) => selectIds(companies, { orderBy });

describe('orderBy', () => {
  it('sorts ascending by default, text case-insensitively, nulls first', () => {
    expect(orderedIds('identifier')).toEqual([1, 2, 4, 3]);
    expect(orderedIds('name asc')).toEqual([4, 1, 2, 3]);
  });

  it('sorts descending with nulls last', () => {
    expect(orderedIds('name desc')).toEqual([3, 2, 1, 4]);
    expect(orderedIds('annualRevenue DESC')).toEqual([1, 2, 4, 3]);
  });

  it('sorts numbers numerically and datetimes as instants', () => {
    expect(orderedIds('annualRevenue')).toEqual([3, 4, 2, 1]);
    // record 3's 2026-02-01T00:00:00+02:00 is earlier than record 4's 2026-02-01T00:00:00Z
    expect(orderedIds('lastUpdated')).toEqual([2, 1, 3, 4]);
    expect(orderedIds('_info/lastUpdated desc')).toEqual([4, 3, 1, 2]);
  });

  it('sorts by several keys, nested paths and booleans', () => {
    expect(orderedIds('status/name desc, id desc')).toEqual([2, 3, 1, 4]);
    expect(orderedIds('deletedFlag, identifier desc')).toEqual([4, 3, 1, 2]);
  });

  it('falls back to id ascending for ties and when no orderBy is given', () => {
    expect(orderedIds('status/id')).toEqual([4, 1, 3, 2]);
    expect(orderedIds(undefined)).toEqual([1, 2, 3, 4]);
    const shuffled = [companies[2]!, companies[0]!, companies[3]!, companies[1]!];
    expect(selectIds(shuffled, {})).toEqual([1, 2, 3, 4]);
  });

  it('is stable for records that tie on every key and id', () => {
    const records = [
      { id: 1, tag: 'b', order: 'first' },
      { id: 1, tag: 'a', order: 'second' },
      { id: 1, tag: 'B', order: 'third' },
    ];
    const query = compileQuery({ orderBy: 'tag' });
    expect([...records].sort(query.compare).map((record) => record.order)).toEqual([
      'second',
      'first',
      'third',
    ]);
  });

  it('rejects sorting by a whole reference when the catalog knows it', () => {
    const catalog = createFieldCatalog({ id: 'number', status: { id: 'number', name: 'string' } });
    expect(() => compileQuery({ orderBy: 'status' }, catalog)).toThrow(
      'status is a reference; sort by one of its fields, e.g. status/name at position 0 in orderBy',
    );
  });
});
