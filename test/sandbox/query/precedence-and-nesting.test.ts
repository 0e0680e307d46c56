import { describe, expect, it } from 'vitest';
import { companies, selectIds } from './contact-records.js';

const where = (conditions: string) => selectIds(companies, { conditions });

describe('and / or precedence', () => {
  it('binds and tighter than or, as in SQL', () => {
    // (id = 1) or (id = 2 and deletedFlag = false): record 2 is deleted, so only 1
    expect(where('id = 1 or id = 2 and deletedFlag = false')).toEqual([1]);
    // (id = 2 and deletedFlag = true) or id = 3
    expect(where('id = 2 and deletedFlag = true or id = 3')).toEqual([2, 3]);
  });

  it('lets parentheses override it', () => {
    expect(where('(id = 1 or id = 2) and deletedFlag = false')).toEqual([1]);
    expect(where('id = 2 and (deletedFlag = false or id = 3)')).toEqual([]);
  });

  it('accepts and / or in any case and without spaces around parentheses', () => {
    expect(where('(id=1)OR(id=2)')).toEqual([1, 2]);
    expect(where('id = 1 Or id = 2 AnD deletedFlag = TRUE')).toEqual([1, 2]);
  });
});

describe('nesting', () => {
  it('evaluates nested groups', () => {
    expect(where('((id = 1 or (id = 3 and status/name = "active")) and (identifier != "x"))')).toEqual([
      1, 3,
    ]);
  });

  it('handles redundant parentheses up to the depth limit', () => {
    const depth = 64;
    expect(where(`${'('.repeat(depth)}id = 4${')'.repeat(depth)}`)).toEqual([4]);
  });

  it('handles long chains of clauses without deep recursion', () => {
    const chain = Array.from({ length: 500 }, (_, index) => `id = ${index + 100}`).join(' or ');
    expect(where(`${chain.replace('id = 100', 'id = 2')}`)).toEqual([2]);
  });
});
