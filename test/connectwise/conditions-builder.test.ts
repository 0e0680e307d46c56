import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allOf, conditions, splitIdsIntoConditions, where } from '../../src/connectwise/index.js';
import { quoteConditionString } from '../../src/connectwise/conditions.js';

describe('where()', () => {
  it('renders each value type as a literal', () => {
    expect(where('identifier', '=', 'ACME').text).toBe('identifier = "ACME"');
    expect(where('id', '>', 12).text).toBe('id > 12');
    expect(where('annualRevenue', '<=', -3.5).text).toBe('annualRevenue <= -3.5');
    expect(where('deletedFlag', '=', false).text).toBe('deletedFlag = false');
    expect(where('parentCompany', '=', null).text).toBe('parentCompany = null');
    expect(where('lastUpdated', '>', new Date('2026-01-02T03:04:05.678Z')).text).toBe(
      'lastUpdated > [2026-01-02T03:04:05Z]',
    );
    expect(where('name', 'like', 'Acme%').text).toBe('name like "Acme%"');
    expect(where('name', 'not contains', 'test').text).toBe('name not contains "test"');
    expect(where('id', 'in', [1, 2, 3]).text).toBe('id in (1,2,3)');
    expect(where('status/name', 'not in', ['Active', 'Inactive']).text).toBe(
      'status/name not in ("Active","Inactive")',
    );
  });

  it('chooses the quote that needs no escaping, and escapes only when a value holds both quotes', () => {
    expect(quoteConditionString('plain')).toBe('"plain"');
    expect(quoteConditionString("O'Brien")).toBe('"O\'Brien"');
    expect(quoteConditionString('The "Best" Co')).toBe('\'The "Best" Co\'');
    expect(quoteConditionString('It\'s "Best"')).toBe('"It\'s \\"Best\\""');
    expect(quoteConditionString('C:\\temp')).toBe('"C:\\\\temp"');
  });

  it('keeps and/or precedence explicit with parentheses', () => {
    const active = where('status/name', '=', 'Active');
    const acme = where('identifier', '=', 'ACME');
    const beta = where('identifier', '=', 'BETA');
    expect(active.and(acme.or(beta)).text).toBe(
      'status/name = "Active" and (identifier = "ACME" or identifier = "BETA")',
    );
    expect(active.and(acme).or(beta).text).toBe(
      '(status/name = "Active" and identifier = "ACME") or identifier = "BETA"',
    );
    expect(active.and(acme, beta).text).toBe(
      'status/name = "Active" and identifier = "ACME" and identifier = "BETA"',
    );
    expect(allOf(undefined, active, undefined)?.text).toBe('status/name = "Active"');
    expect(allOf()).toBeUndefined();
  });

  it('rejects field paths, operators and values that could change the query', () => {
    expect(() => where('name = "x" or id', '=', 1)).toThrow(/is not a field path/);
    expect(() => where('company/', '=', 1)).toThrow(/is not a field path/);
    expect(() => where('1abc', '=', 1)).toThrow(/is not a field path/);
    expect(() => where('id', '= 1 or id' as '=', 1)).toThrow(/unknown operator/);
    expect(() => where('id', '=', Number.NaN)).toThrow(/not a finite number/);
    expect(() => where('id', 'in', [])).toThrow(/at least one value/);
    expect(() => where('lastUpdated', '>', new Date('nope'))).toThrow(/invalid Date/);
  });

  it('never lets a string value out of its quotes', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const quoted = quoteConditionString(value);
        expect(readQuotedLiteral(quoted)).toEqual({ value, rest: '' });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('conditions`…`', () => {
  it('treats the template text as the shape and every interpolation as a literal', () => {
    const identifier = 'x" or id > 0 or name = "y';
    const condition = conditions`company/identifier = ${identifier} and id in ${[1, 2]}`;
    expect(condition.text).toBe(`company/identifier = 'x" or id > 0 or name = "y' and id in (1,2)`);
    expect(condition.or(where('id', '=', 9)).text).toBe(`(${condition.text}) or id = 9`);
  });
});

describe('splitIdsIntoConditions', () => {
  it('keeps every encoded id list under the URL budget and loses no id', () => {
    const ids = Array.from({ length: 2000 }, (_, index) => 100_000 + index);
    const parts = splitIdsIntoConditions(ids, { maxEncodedLength: 1500 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(encodeURIComponent(part.text).length).toBeLessThanOrEqual(1500);
    const listed = parts.flatMap((part) => /\(([^)]*)\)/.exec(part.text)![1]!.split(',').map(Number));
    expect(listed).toEqual(ids);
  });
});

/** Reads one quoted literal the way the conditions grammar does (a backslash escapes the next character). */
function readQuotedLiteral(text: string): { value: string; rest: string } {
  const quote = text[0];
  let value = '';
  for (let index = 1; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '\\') {
      value += text[index + 1] ?? '';
      index += 1;
    } else if (char === quote) return { value, rest: text.slice(index + 1) };
    else value += char;
  }
  throw new Error(`unterminated literal ${text}`);
}
