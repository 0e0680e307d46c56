import fc from 'fast-check';

/** Strings that break naive parsers: quotes, brackets, wildcards, escapes, prototype keys, unicode, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '"',
    "'",
    '\\',
    '(',
    ')',
    '[',
    ']',
    '[2026-13-45T99:99:99Z]',
    '%',
    '%%%',
    '__proto__',
    'constructor',
    'prototype',
    'null',
    'NaN',
    '-0',
    '1e309',
    '9'.repeat(400),
    '\u0000',
    '\ud800',
    '👩‍👩‍👧‍👦',
    'ǅ',
    '\u202e',
    'a'.repeat(5_000),
  ),
);

export const fieldName = fc.constantFrom(
  'id',
  'name',
  'identifier',
  'firstName',
  'company/id',
  'company/identifier',
  'status/name',
  'types/id',
  'communicationItems/value',
  'lastUpdated',
  '_info/lastUpdated',
  'customFields/value',
  'nope',
  '__proto__',
  'constructor/prototype',
  'a/b/c/d/e/f/g',
);

const operator = fc.constantFrom(
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'like',
  'in',
  'not',
  'not like',
  '==',
  '<>',
);
const literal = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  hostileString.map((text) => `"${text}"`),
  hostileString.map((text) => `'${text}'`),
  fc.constantFrom('true', 'false', 'null', '[2026-01-01T00:00:00Z]', '(1,2,3)', '()', '("a",)'),
);
const joiner = fc.constantFrom('and', 'or', 'AND', 'OR', '', '(', ')');

/** Condition strings that are mostly well-formed pieces put together in random (often broken) order. */
export const conditionsString: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fieldName, operator, literal).map((parts) => parts.join(' ')),
  fc.array(fc.oneof(fieldName, operator, literal, joiner), { maxLength: 14 }).map((parts) => parts.join(' ')),
  fc.array(fc.constant('('), { minLength: 50, maxLength: 400 }).map((parens) => `${parens.join('')}id=1`),
  hostileString,
);

export const orderByString: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(fieldName, fc.constantFrom('', ' asc', ' desc', ' sideways')), { maxLength: 5 })
    .map((items) => items.map(([field, direction]) => `${field}${direction}`).join(', ')),
  hostileString,
);

export const fieldsString: fc.Arbitrary<string> = fc.oneof(
  fc.array(fieldName, { maxLength: 8 }).map((fields) => fields.join(',')),
  hostileString,
);

export const pageNumberString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 5_000 }).map(String),
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    'abc',
    '',
    '99999999999999999999',
    '0x10',
    ' 2',
    'NaN',
    'Infinity',
  ),
);

/**
 * A query string sent as raw as a URL allows: printable ASCII stays (stray `%`, `&`, `=` included), everything
 * else is percent-encoded from its UTF-8 bytes (lone surrogates become U+FFFD, as any HTTP client sends them).
 */
export function rawQueryOf(text: string): string {
  return [...text]
    .map((char) => {
      if (/^[\x21-\x7e]$/.test(char) && char !== '#') return char;
      return [...Buffer.from(char, 'utf8')]
        .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
    })
    .join('');
}
