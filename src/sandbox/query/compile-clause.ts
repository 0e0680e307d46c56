import type { Clause, ValueLiteral } from './ast.js';
import { collationKey, compareText, readInstant } from './compare-values.js';
import { coerceLiteral, comparesAsInstant, type CoercedLiteral } from './coerce-literal.js';
import type { FieldKind } from './field-catalog.js';
import { compileLikePattern } from './match-like-pattern.js';

/** Decides one clause for a field's value (already read from the record). */
export type ValueTest = (value: unknown) => boolean;

/**
 * true / false when the value compares with the query value, undefined when it cannot be compared with it
 * (missing, null, an object, or a type the value cannot be coerced to): such a clause is false whether
 * or not it is negated, as in SQL.
 */
type Comparison<T> = (value: unknown) => T | undefined;

export function compileClause(clause: Clause, kind: FieldKind | undefined): ValueTest {
  switch (clause.operator) {
    case 'in': {
      const isIn = compileMembership(
        clause.values.filter((literal): literal is ValueLiteral => literal.type !== 'null'),
        kind,
      );
      return clause.negated ? (value) => isIn(value) === false : (value) => isIn(value) === true;
    }
    case 'like':
    case 'contains': {
      if (clause.value.type === 'null') return () => false;
      const text = coerceLiteral(clause.value).text;
      const matchText = clause.operator === 'like' ? compileLikePattern(text) : compileContains(text);
      const matches: Comparison<boolean> = (value) => {
        const fieldText = renderAsText(value);
        return fieldText === undefined ? undefined : matchText(fieldText);
      };
      return clause.negated ? (value) => matches(value) === false : (value) => matches(value) === true;
    }
    default: {
      if (clause.value.type === 'null') {
        return clause.operator === '=' ? (value) => value == null : (value) => value != null;
      }
      const literal = coerceLiteral(clause.value);
      const asInstant = comparesAsInstant(kind, literal);
      if (clause.operator === '=' || clause.operator === '!=') {
        const equals = compileEquality(literal, asInstant);
        return clause.operator === '='
          ? (value) => equals(value) === true
          : (value) => equals(value) === false;
      }
      const order = compileOrdering(literal, asInstant);
      switch (clause.operator) {
        case '<':
          return (value) => order(value) < 0;
        case '<=':
          return (value) => order(value) <= 0;
        case '>':
          return (value) => order(value) > 0;
        case '>=':
          return (value) => order(value) >= 0;
      }
    }
  }
}

function compileEquality(literal: CoercedLiteral, asInstant: boolean): Comparison<boolean> {
  return (value) => {
    switch (typeof value) {
      case 'string': {
        if (!asInstant) return collationKey(value) === literal.lowerText;
        const instant = readInstant(value);
        return Number.isNaN(instant) ? undefined : instant === literal.instant;
      }
      case 'number':
        return Number.isNaN(literal.number) ? undefined : value === literal.number;
      case 'boolean':
        return literal.boolean === undefined ? undefined : value === literal.boolean;
      default:
        return undefined;
    }
  };
}

/** Negative, zero or positive like a comparator; NaN when the two cannot be ordered (every test is false). */
function compileOrdering(literal: CoercedLiteral, asInstant: boolean): (value: unknown) => number {
  return (value) => {
    switch (typeof value) {
      case 'string':
        return asInstant ? readInstant(value) - literal.instant : compareText(value, literal.text);
      case 'number':
        return value - literal.number;
      case 'boolean':
        return literal.boolean === undefined ? Number.NaN : Number(value) - Number(literal.boolean);
      default:
        return Number.NaN;
    }
  };
}

function compileMembership(literals: ValueLiteral[], kind: FieldKind | undefined): Comparison<boolean> {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  const instants = new Set<number>();
  for (const literal of literals) {
    const coerced = coerceLiteral(literal);
    if (comparesAsInstant(kind, coerced)) instants.add(coerced.instant);
    if (!coerced.isDatetime) texts.add(coerced.lowerText);
    if (!Number.isNaN(coerced.number)) numbers.add(coerced.number);
    if (coerced.boolean !== undefined) booleans.add(coerced.boolean);
  }
  return (value) => {
    switch (typeof value) {
      case 'string': {
        if (texts.has(collationKey(value))) return true;
        if (instants.size === 0) return texts.size === 0 ? undefined : false;
        const instant = readInstant(value);
        return Number.isNaN(instant) ? (texts.size === 0 ? undefined : false) : instants.has(instant);
      }
      case 'number':
        return numbers.size === 0 ? undefined : numbers.has(value);
      case 'boolean':
        return booleans.size === 0 ? undefined : booleans.has(value);
      default:
        return undefined;
    }
  };
}

function compileContains(needle: string): (text: string) => boolean {
  const lowerNeedle = needle.toLowerCase();
  return (text) => text.toLowerCase().includes(lowerNeedle);
}

/** like and contains read numbers and booleans as their text, as SQL Server converts them. */
function renderAsText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return undefined;
  }
}
