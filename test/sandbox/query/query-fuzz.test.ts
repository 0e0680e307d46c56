import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQuery, QuerySyntaxError, type CompiledQuery } from '../../../src/sandbox/query/index.js';

type RecordLike = Record<string, unknown>;
type Params = Parameters<typeof compileQuery>[0];
const parameterNames = [
  'conditions',
  'childConditions',
  'customFieldConditions',
  'orderBy',
  'fields',
] as const;

/** compileQuery's whole failure contract: a compiled query, or a QuerySyntaxError — nothing else. */
function compileOrReject(params: Params): CompiledQuery | undefined {
  try {
    return compileQuery(params);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return undefined;
    throw error;
  }
}

const quoteDouble = (text: string) => `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
const quoteSingle = (text: string) => `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;

const paths = [
  'id',
  'name',
  'NAME',
  'company/name',
  'company/id',
  'lastUpdated',
  '_info/lastUpdated',
  'flag',
  'amount',
  'communicationItems/value',
  'communicationItems/communicationType',
  'customFields/value',
  'caption',
  'value',
  'missing/deep/path',
];
const pathArb = fc.constantFrom(...paths);
const textArb = fc.string({ maxLength: 12 });
const isoDateArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const valueArb = fc.oneof(
  textArb.map(quoteDouble),
  textArb.map(quoteSingle),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.integer({ min: -100_000, max: 100_000 }).map((cents) => (cents / 100).toFixed(2)),
  fc.constantFrom('true', 'false', 'TRUE', 'False'),
  isoDateArb.map((iso) => `[${iso}]`),
  isoDateArb.map((iso) => `[${iso.slice(0, 10)}]`),
);
const comparisonOperatorArb = fc.constantFrom('=', '!=', '<', '<=', '>', '>=');

/** Well-formed clauses over the given paths, joined by and / or and nested in parentheses. */
function expressionOver(fieldPathArb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const clauseArb = fc.oneof(
    fc
      .tuple(fieldPathArb, comparisonOperatorArb, valueArb)
      .map(([path, operator, value]) => `${path} ${operator} ${value}`),
    fc.tuple(fieldPathArb, fc.constantFrom('=', '!=')).map(([path, operator]) => `${path} ${operator} null`),
    fc
      .tuple(fieldPathArb, fc.constantFrom('like', 'not like', 'contains', 'NOT Contains', 'LIKE'), textArb)
      .map(([path, operator, pattern]) => `${path} ${operator} ${quoteDouble(pattern)}`),
    fc
      .tuple(
        fieldPathArb,
        fc.constantFrom('in', 'not in', 'IN'),
        fc.array(valueArb, { minLength: 1, maxLength: 4 }),
      )
      .map(([path, operator, values]) => `${path} ${operator} (${values.join(', ')})`),
  );
  const { expression } = fc.letrec((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      clauseArb,
      // lastUpdated is a datetime on every record, so only datetime values are well-formed for it
      fc
        .tuple(fc.constantFrom('lastUpdated', 'LASTUPDATED'), comparisonOperatorArb, isoDateArb)
        .map(([path, operator, iso]) => `${path} ${operator} [${iso}]`),
      fc
        .tuple(tie('expression'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('expression'))
        .map(([left, junction, right]) => `${left as string} ${junction} ${right as string}`),
      tie('expression').map((inner) => `(${inner as string})`),
    ),
  }));
  return expression as fc.Arbitrary<string>;
}

const expressionArb = expressionOver(fc.constantFrom(...paths.filter((path) => !/lastUpdated/i.test(path))));
const childExpressionArb = expressionOver(
  fc
    .constantFrom('value', 'communicationType', 'type/name', 'id')
    .map((field) => `communicationItems/${field}`),
).map((expression) => expression.replace(/\b(lastUpdated|LASTUPDATED)\b/g, 'communicationItems/$1'));

const fieldValueArb = fc.oneof(
  textArb,
  isoDateArb,
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.record({ id: fc.integer(), name: textArb }),
  fc.array(fc.record({ value: textArb, communicationType: fc.constantFrom('Email', 'Phone') }), {
    maxLength: 3,
  }),
);
const shapedRecordArb: fc.Arbitrary<RecordLike> = fc.dictionary(
  fc.constantFrom(
    'id',
    'name',
    'Name',
    'company',
    'flag',
    'amount',
    'lastUpdated',
    'communicationItems',
    '_info',
  ),
  fieldValueArb,
);
const customFieldsArb = fc.array(
  fc.record(
    { id: fc.integer({ min: 1, max: 9 }), caption: textArb, value: fieldValueArb },
    { requiredKeys: [] },
  ),
  { maxLength: 3 },
);
const recordArb: fc.Arbitrary<RecordLike> = fc.oneof(
  shapedRecordArb,
  fc.tuple(shapedRecordArb, customFieldsArb).map(([record, customFields]) => ({ ...record, customFields })),
  fc.object({ key: fc.constantFrom(...paths, 'customFields', '__proto__', 'constructor'), maxDepth: 3 }),
  fc
    .anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true })
    .map((value): RecordLike => ({
      id: 1,
      name: value,
      company: value,
      communicationItems: value,
      customFields: value,
    })),
);

/** Runs every function of a compiled query on the records; any throw fails the property. */
function exercise(query: CompiledQuery, records: RecordLike[]): void {
  for (const record of records) {
    query.matches(record);
    query.project(record);
  }
  [...records].sort(query.compare);
}

describe('compileQuery never fails with anything but QuerySyntaxError', () => {
  it('on random strings in every parameter', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...parameterNames),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(recordArb, { maxLength: 4 }),
        (parameter, input, records) => {
          const query = compileOrReject({ [parameter]: input });
          if (query !== undefined) exercise(query, records);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on token soups built from the grammar pieces', () => {
    const pieceArb = fc.oneof(
      pathArb,
      valueArb,
      fc.constantFrom(
        '=',
        '!=',
        '<',
        '<=',
        '>',
        '>=',
        '~=',
        '==',
        '!',
        'like',
        'not',
        'contains',
        'in',
        'NOT',
      ),
      fc.constantFrom(
        'and',
        'or',
        '(',
        ')',
        ',',
        '"',
        "'",
        '\\',
        '[',
        ']',
        '/',
        'asc',
        'desc',
        'null',
        '-',
        '.',
      ),
      fc.constantFrom(' ', '  ', '\t', '\n', ''),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...parameterNames),
        fc.array(pieceArb, { maxLength: 40 }),
        fc.array(recordArb, { maxLength: 4 }),
        (parameter, pieces, records) => {
          const query = compileOrReject({ [parameter]: pieces.join(' ') });
          if (query !== undefined) exercise(query, records);
          const glued = compileOrReject({ [parameter]: pieces.join('') });
          if (glued !== undefined) exercise(glued, records);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on deep nesting and huge inputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.constantFrom('id = 1', 'id = 1 and', '', 'a/b in (1,2', '"x'),
        (open, close, inner) => {
          compileOrReject({ conditions: `${'('.repeat(open)}${inner}${')'.repeat(close)}` });
          compileOrReject({ childConditions: `${'('.repeat(open)}a/${inner}` });
        },
      ),
      { numRuns: 200 },
    );
    for (const size of [7_999, 8_001, 100_000, 1_000_000]) {
      const huge = 'id = 1 or '.repeat(size / 10) + 'id = 2';
      compileOrReject({ conditions: huge, orderBy: 'id,'.repeat(size / 3), fields: 'a,'.repeat(size / 2) });
      compileOrReject({ conditions: `name like "${'%a'.repeat(size / 2)}"` });
    }
  });
});

describe('well-formed queries', () => {
  it('compile, and matching random records never throws', () => {
    fc.assert(
      fc.property(
        expressionArb,
        childExpressionArb,
        fc.array(recordArb, { maxLength: 5 }),
        (expression, child, records) => {
          const query = compileQuery({
            conditions: expression,
            childConditions: child,
            orderBy: 'name desc, lastUpdated, company/name',
            fields: 'id,name,company/name,communicationItems/value',
          });
          exercise(query, records);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('obey boolean algebra: (A) or (B) and (A) and (B) agree with A and B alone', () => {
    fc.assert(
      fc.property(expressionArb, expressionArb, fc.array(recordArb, { maxLength: 5 }), (a, b, records) => {
        const matchesA = compileQuery({ conditions: a }).matches;
        const matchesB = compileQuery({ conditions: b }).matches;
        const either = compileQuery({ conditions: `(${a}) or (${b})` }).matches;
        const both = compileQuery({ conditions: `(${a}) AND (${b})` }).matches;
        for (const record of records) {
          expect(either(record)).toBe(matchesA(record) || matchesB(record));
          expect(both(record)).toBe(matchesA(record) && matchesB(record));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sort with a consistent comparator, and sort() agrees with it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pathArb, fc.constantFrom('', ' asc', ' desc', ' DESC')), {
          minLength: 1,
          maxLength: 3,
        }),
        recordArb,
        recordArb,
        fc.array(recordArb, { maxLength: 8 }),
        (keys, a, b, records) => {
          const { compare, sort } = compileQuery({
            orderBy: keys.map(([path, direction]) => path + direction).join(', '),
          });
          expect(Math.sign(compare(a, b))).toBe(-Math.sign(compare(b, a)) || 0);
          expect(compare(a, a)).toBe(0);
          expect(sort(records)).toEqual([...records].sort(compare));
        },
      ),
    );
  });
});

/** SQL Server's default collation: case-insensitive, trailing spaces ignored (ANSI padding). */
const sqlServerKey = (text: string) => text.toLowerCase().replace(/ +$/, '');

describe('a value never changes the shape of a query', () => {
  it('name = "<escaped v>" matches exactly the names equal to v case-insensitively, trailing spaces aside', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 10 }), { maxLength: 4 }),
        fc.constantFrom(quoteDouble, quoteSingle),
        (value, others, quote) => {
          const names = [
            value,
            value.toUpperCase(),
            value.toLowerCase(),
            `${value}x`,
            ` ${value}`,
            ...others,
          ];
          const records = names.map((name, index) => ({ id: index + 1, name }));
          const query = compileQuery({ conditions: `name = ${quote(value)}` });
          const expected = records
            .filter((r) => sqlServerKey(r.name) === sqlServerKey(value))
            .map((r) => r.id);
          expect(records.filter((record) => query.matches(record)).map((record) => record.id)).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an escaped value next to other clauses stays one value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const records = [
          { id: 1, name: value, flag: true },
          { id: 2, name: value, flag: false },
          { id: 3, name: 'other', flag: true },
        ];
        const query = compileQuery({ conditions: `flag = true and name = ${quoteDouble(value)} and id > 0` });
        const expected = records
          .filter((r) => r.flag && r.name.toLowerCase() === value.toLowerCase())
          .map((r) => r.id);
        expect(records.filter((record) => query.matches(record)).map((record) => record.id)).toEqual(
          expected,
        );
      }),
      { numRuns: 500 },
    );
  });
});
