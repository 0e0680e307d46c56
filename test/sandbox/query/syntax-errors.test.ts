import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  QuerySyntaxError,
  queryLimits,
  type QueryParameter,
} from '../../../src/sandbox/query/index.js';

function compileError(parameter: QueryParameter, input: string): QuerySyntaxError {
  try {
    compileQuery({ [parameter]: input });
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySyntaxError);
    return error as QuerySyntaxError;
  }
  throw new Error(`${parameter}=${input} compiled without an error`);
}

const conditionsError = (input: string) => compileError('conditions', input);

describe('syntax errors in conditions', () => {
  it.each([
    ['name = ', 'Expected a value after "=" at position 7 in conditions; found the end of the input', 7],
    [
      'name = Bob',
      'Expected a value after "=" at position 7 in conditions; found "Bob" (text values need quotes)',
      7,
    ],
    ['name ~= "x"', 'Unknown operator "~=" at position 5 in conditions', 5],
    ['name == "x"', 'Unknown operator "==" at position 5 in conditions', 5],
    ['name equals "x"', 'Unknown operator "equals" at position 5 in conditions', 5],
    ['name', 'Expected an operator after "name" at position 4 in conditions; found the end of the input', 4],
    ['name="abc', 'Unterminated string starting at position 5 in conditions', 5],
    ["name = 'abc\\'", 'Unterminated string starting at position 7 in conditions', 7],
    ['date > [2026-01-01', 'Unterminated datetime starting at position 7 in conditions', 7],
    [
      'date > [2026-02-30]',
      'Invalid datetime "2026-02-30" (expected e.g. [2026-01-01T00:00:00Z] or [2026-01-01]) at position 7 in conditions',
      7,
    ],
    [
      'date > [yesterday]',
      'Invalid datetime "yesterday" (expected e.g. [2026-01-01T00:00:00Z] or [2026-01-01]) at position 7 in conditions',
      7,
    ],
    ['(id = 1', 'Missing ")" for the "(" opened at position 0 at position 7 in conditions', 7],
    ['id = 1)', 'Unexpected ")" without a matching "(" at position 6 in conditions', 6],
    ['(id = 1 name = 2)', 'Expected "and", "or" or ")" at position 8 in conditions; found "name"', 8],
    ['id = 1 name = 2', 'Expected "and" or "or" at position 7 in conditions; found "name"', 7],
    [
      'id = 1 and',
      'Expected a field name or "(" at position 10 in conditions; found the end of the input',
      10,
    ],
    ['id = 1 and or id = 2', 'Expected a field name or "(" at position 11 in conditions; found "or"', 11],
    ['= 1', 'Expected a field name or "(" at position 0 in conditions; found "="', 0],
    ['()', 'Expected a field name or "(" at position 1 in conditions; found ")"', 1],
    ['not name = 1', 'Expected a field name or "(" at position 0 in conditions; found "not"', 0],
    ['name not = "x"', 'Expected like, contains or in after "not" at position 9 in conditions; found "="', 9],
    ['id in 1, 2', 'Expected "(" after "in" at position 6 in conditions; found the number 1', 6],
    ['id in ()', 'Expected a value after "(" at position 7 in conditions; found ")"', 7],
    [
      'id in (1 2)',
      'Expected "," or ")" in the "in" list at position 9 in conditions; found the number 2',
      9,
    ],
    ['id in (1, null)', 'null cannot be in an "in" list; use "= null" at position 10 in conditions', 10],
    ['id < null', 'null can only be compared with = or != at position 5 in conditions', 5],
    ['name like true', '"like" needs a quoted text value at position 10 in conditions', 10],
    ['id = 5abc', 'Invalid number "5abc" at position 5 in conditions', 5],
    ['id = 1.2.3', 'Invalid number "1.2.3" at position 5 in conditions', 5],
    ['name # "x"', 'Unexpected character "#" at position 5 in conditions', 5],
    ['company/ = 1', 'Expected a field name after "/" at position 8 in conditions', 8],
  ])('%s', (input, message, position) => {
    const error = conditionsError(input);
    expect(error.message).toBe(message);
    expect(error.parameter).toBe('conditions');
    expect(error.position).toBe(position);
  });
});

describe('limits', () => {
  it('caps the input length', () => {
    const error = conditionsError(`name = "${'x'.repeat(queryLimits.maxInputLength)}"`);
    expect(error.message).toBe(
      `Query is ${queryLimits.maxInputLength + 9} characters long; the limit is 8000 in conditions`,
    );
    expect(error.position).toBeUndefined();
  });

  it('caps the nesting depth', () => {
    const depth = queryLimits.maxNestingDepth + 1;
    const error = conditionsError(`${'('.repeat(depth)}id = 1${')'.repeat(depth)}`);
    expect(error.message).toBe('Parentheses are nested deeper than 64 levels at position 64 in conditions');
  });

  it('caps the number of clauses', () => {
    const clauses = Array.from({ length: queryLimits.maxClauses + 1 }, () => 'id = 1');
    expect(conditionsError(clauses.join(' or ')).message).toMatch(
      /^More than 500 clauses at position \d+ in conditions$/,
    );
  });

  it('caps the length of an in list', () => {
    const list = Array.from({ length: queryLimits.maxListItems + 1 }, (_, index) => index).join(',');
    expect(conditionsError(`id in (${list})`).message).toMatch(
      /^The "in" list has more than 1000 values at position/,
    );
  });

  it('caps the segments of a path', () => {
    const path = Array.from({ length: queryLimits.maxPathSegments + 1 }, () => 'a').join('/');
    expect(conditionsError(`${path} = 1`).message).toBe(
      `Field path "${path}" has 17 segments; the limit is 16 at position 0 in conditions`,
    );
  });
});

describe('errors in the other parameters', () => {
  it('name the parameter they come from', () => {
    expect(compileError('childConditions', 'communicationItems/value =').message).toBe(
      'Expected a value after "=" at position 26 in childConditions; found the end of the input',
    );
    expect(compileError('customFieldConditions', 'caption = "x" and').parameter).toBe(
      'customFieldConditions',
    );
  });

  it.each([
    ['name up', 'Expected "asc" or "desc" after "name" at position 5 in orderBy; found "up"'],
    ['name asc desc', 'Expected "," between sort keys at position 9 in orderBy; found "desc"'],
    ['name,', 'Expected a field name at position 5 in orderBy; found the end of the input'],
    ['"name"', 'Expected a field name at position 0 in orderBy; found the string "name"'],
  ])('orderBy %s', (input, message) => {
    expect(compileError('orderBy', input).message).toBe(message);
  });

  it.each([
    ['id,,name', 'Expected a field name at position 3 in fields; found ","'],
    ['id name', 'Expected "," between fields at position 3 in fields; found "name"'],
    ['id,', 'Expected a field name at position 3 in fields; found the end of the input'],
  ])('fields %s', (input, message) => {
    expect(compileError('fields', input).message).toBe(message);
  });
});

describe('parameters that are not one string', () => {
  it('reject a repeated parameter (an array), naming it', () => {
    const repeated = { conditions: ['id = 1', 'id = 2'] } as unknown as { conditions: string };
    expect(() => compileQuery(repeated)).toThrow(
      new QuerySyntaxError('conditions', 'The parameter must be given once, as text'),
    );
  });

  it('treat absent and blank parameters as not given', () => {
    const query = compileQuery({ conditions: '  ', childConditions: '', orderBy: '\t', fields: ' ' });
    expect(query.matches({ id: 1 })).toBe(true);
    expect(query.project({ id: 1, name: 'x' })).toEqual({ id: 1, name: 'x' });
  });

  it('turn a failing catalog into a QuerySyntaxError for the parameter', () => {
    const brokenCatalog = {
      hasPath(): boolean {
        throw new Error('catalog unavailable');
      },
    };
    expect(() => compileQuery({ orderBy: 'name' }, brokenCatalog)).toThrow(
      new QuerySyntaxError('orderBy', 'The parameter could not be compiled (catalog unavailable)'),
    );
  });
});
