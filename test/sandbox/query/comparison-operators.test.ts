import { describe, expect, it } from 'vitest';
import { companies, selectIds } from './contact-records.js';

const where = (conditions: string) => selectIds(companies, { conditions });

describe('comparison operators on text', () => {
  it('= and != compare case-insensitively', () => {
    expect(where('identifier = "acme"')).toEqual([1]);
    expect(where('identifier != "ACME"')).toEqual([2, 3, 4]);
  });

  it('< <= > >= order text case-insensitively', () => {
    expect(where('identifier < "BETA"')).toEqual([1]);
    expect(where('identifier <= "BETA"')).toEqual([1, 2]);
    expect(where('identifier > "Delta"')).toEqual([3]);
    expect(where('identifier >= "Delta"')).toEqual([3, 4]);
  });

  it('like matches the whole value with % as any sequence', () => {
    expect(where('name like "acme%"')).toEqual([1]);
    expect(where('name like "%LTD"')).toEqual([2]);
    expect(where('name like "%quoted%"')).toEqual([2]);
    expect(where('name like "acme"')).toEqual([]);
    expect(where('name like "%sons 100%"')).toEqual([3]);
  });

  it('contains finds a case-insensitive substring', () => {
    expect(where('name contains "CORP"')).toEqual([1]);
    expect(where('name contains "&"')).toEqual([3]);
  });

  it('not like / not contains negate, but never match a null field', () => {
    expect(where('name not like "a%"')).toEqual([2, 3]);
    expect(where('name NOT CONTAINS "o"')).toEqual([]);
    expect(where('name not contains "corp"')).toEqual([2, 3]);
  });

  it('in and not in test membership case-insensitively', () => {
    expect(where('identifier in ("acme", "GAMMA")')).toEqual([1, 3]);
    expect(where('identifier not in ("acme", "GAMMA")')).toEqual([2, 4]);
  });
});

describe('comparison operators on numbers', () => {
  it('compares numerically, including negatives and decimals', () => {
    expect(where('annualRevenue = 250')).toEqual([2]);
    expect(where('annualRevenue != 250')).toEqual([1, 4]);
    expect(where('annualRevenue > 1000')).toEqual([1]);
    expect(where('annualRevenue >= 1500.5')).toEqual([1]);
    expect(where('annualRevenue < 0')).toEqual([4]);
    expect(where('annualRevenue <= -3')).toEqual([4]);
    expect(where('id in (1, 3, 99)')).toEqual([1, 3]);
    expect(where('id not in (1, 3)')).toEqual([2, 4]);
  });

  it('like and contains read a number as its text', () => {
    expect(where('annualRevenue like "15%"')).toEqual([1]);
    expect(where('annualRevenue contains ".5"')).toEqual([1]);
  });
});

describe('comparison operators on booleans', () => {
  it('= and != on true / false; a missing flag matches neither', () => {
    expect(where('deletedFlag = true')).toEqual([2]);
    expect(where('deletedFlag = FALSE')).toEqual([1, 3]);
    expect(where('deletedFlag != true')).toEqual([1, 3]);
  });
});

describe('operator words', () => {
  it('are case-insensitive', () => {
    expect(where('name LIKE "acme%" AND id IN (1) Or identifier Contains "amm"')).toEqual([1, 3]);
    expect(where('identifier Not In ("acme")')).toEqual([2, 3, 4]);
  });
});
