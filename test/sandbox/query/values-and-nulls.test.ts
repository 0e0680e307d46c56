import { describe, expect, it } from 'vitest';
import { companies, selectIds } from './contact-records.js';

const where = (conditions: string) => selectIds(companies, { conditions });

describe('string values', () => {
  it('take double or single quotes', () => {
    expect(where("identifier = 'beta'")).toEqual([2]);
    expect(where('identifier = "beta"')).toEqual([2]);
  });

  it('unescape \\" \\\' and \\\\ inside quotes', () => {
    expect(where('name = "Beta \\"Quoted\\" Ltd"')).toEqual([2]);
    expect(where("name = 'O\\'Brien & Sons 100%'")).toEqual([3]);
    expect(where('name = \'Beta "Quoted" Ltd\'')).toEqual([2]);
    expect(selectIds([{ id: 9, path: 'C:\\temp' }], { conditions: 'path = "C:\\\\temp"' })).toEqual([9]);
  });

  it('treat keywords, operators and parentheses inside quotes as text', () => {
    const records = [
      { id: 7, name: 'x" or id > 0 or name = "' },
      { id: 8, name: 'other' },
    ];
    expect(selectIds(records, { conditions: 'name = "x\\" or id > 0 or name = \\""' })).toEqual([7]);
    expect(selectIds(records, { conditions: "name = ') or (1'" })).toEqual([]);
  });
});

describe('coercion to the field type', () => {
  it('reads a quoted number as a number for a numeric field', () => {
    expect(where('id = "2"')).toEqual([2]);
    expect(where('annualRevenue > "1000"')).toEqual([1]);
    expect(where('id in ("1", 3)')).toEqual([1, 3]);
  });

  it('reads a number as text for a text field', () => {
    expect(selectIds([{ id: 1, zip: '12345' }], { conditions: 'zip = 12345' })).toEqual([1]);
  });

  it('reads "true" / "false" as booleans for a flag', () => {
    expect(where('deletedFlag = "true"')).toEqual([2]);
  });

  it('does not match when the value cannot be compared with the field', () => {
    expect(where('id = "abc"')).toEqual([]);
    expect(where('id != "abc"')).toEqual([]);
    expect(where('deletedFlag = "maybe"')).toEqual([]);
  });
});

describe('null semantics', () => {
  it('= null matches missing and null fields, != null the others', () => {
    expect(where('annualRevenue = null')).toEqual([3]);
    expect(where('name = NULL')).toEqual([4]);
    expect(where('deletedFlag = null')).toEqual([4]);
    expect(where('deletedFlag != null')).toEqual([1, 2, 3]);
    expect(where('status = null')).toEqual([4]);
    expect(where('status/name = null')).toEqual([4]);
  });

  it('makes every other comparison with a missing or null field false', () => {
    expect(where('annualRevenue < 1000000')).toEqual([1, 2, 4]);
    expect(where('annualRevenue != 250')).toEqual([1, 4]);
    expect(where('name not like "zzz%"')).toEqual([1, 2, 3]);
    expect(where('annualRevenue not in (250)')).toEqual([1, 4]);
    expect(where('nonexistent != 1')).toEqual([]);
  });
});

describe('datetimes', () => {
  it('compare as instants with [datetime] values', () => {
    expect(where('dateAcquired < [2025-01-01T00:00:00Z]')).toEqual([1]);
    expect(where('dateAcquired > [2025-12-31T23:59:59Z]')).toEqual([2]);
    expect(where('dateAcquired = [2025-12-31T23:59:59.999Z]')).toEqual([2]);
  });

  it('accept a date without time and fractional seconds', () => {
    expect(where('dateAcquired >= [2024-05-01]')).toEqual([1, 2]);
    expect(where('dateAcquired >= [2025-12-31T23:59:59.9990000Z]')).toEqual([2]);
  });

  it('take offsets into account', () => {
    expect(where('lastUpdated < [2026-02-01T00:00:00Z] and lastUpdated > [2026-01-31T21:00:00Z]')).toEqual([
      3,
    ]);
    expect(where('lastUpdated = [2026-01-31T23:00:00+01:00]')).toEqual([3]);
  });

  it('compare quoted dates as instants for lastUpdated and dateEntered', () => {
    expect(where('lastUpdated >= "2026-02-01"')).toEqual([4]);
    expect(where('dateEntered < "2021-01-01T00:00:00Z"')).toEqual([1]);
  });

  it('never match a text field against a [datetime]', () => {
    expect(where('name < [2030-01-01]')).toEqual([]);
  });
});
