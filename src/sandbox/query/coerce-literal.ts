import type { ValueLiteral } from './ast.js';
import type { FieldKind } from './field-catalog.js';
import { collationKey } from './compare-values.js';
import { parseInstant } from './parse-instant.js';

/** A query value in every form a record's field may need it, computed once per query. */
export interface CoercedLiteral {
  /** the value as text, for string fields (original case; `lowerText`, its collation key, for equality) */
  text: string;
  lowerText: string;
  /** NaN when the value is not a number (`"5"` is one) */
  number: number;
  /** undefined when the value is not a boolean (`"true"` and 1 are) */
  boolean: boolean | undefined;
  /** NaN when the value is not a datetime (`"2026-01-01"` is one) */
  instant: number;
  /** a `[datetime]` literal: string fields compare with it as instants */
  isDatetime: boolean;
}

const numericText = /^\s*-?\d+(?:\.\d+)?\s*$/;

export function coerceLiteral(literal: ValueLiteral): CoercedLiteral {
  switch (literal.type) {
    case 'string': {
      const lower = literal.value.toLowerCase();
      return {
        text: literal.value,
        lowerText: collationKey(literal.value),
        number: numericText.test(literal.value) ? Number(literal.value) : Number.NaN,
        boolean: lower === 'true' ? true : lower === 'false' ? false : undefined,
        instant: parseInstant(literal.value.trim()),
        isDatetime: false,
      };
    }
    case 'number':
      return {
        text: literal.raw,
        lowerText: literal.raw,
        number: literal.value,
        boolean: literal.value === 1 ? true : literal.value === 0 ? false : undefined,
        instant: Number.NaN,
        isDatetime: false,
      };
    case 'boolean':
      return {
        text: String(literal.value),
        lowerText: String(literal.value),
        number: Number.NaN,
        boolean: literal.value,
        instant: Number.NaN,
        isDatetime: false,
      };
    case 'datetime':
      return {
        text: literal.raw,
        lowerText: literal.raw.toLowerCase(),
        number: Number.NaN,
        boolean: undefined,
        instant: literal.instant,
        isDatetime: true,
      };
  }
}

/** Whether a field of `kind` can be compared with the value; undefined kind (unknown) accepts anything. */
export function isComparable(kind: FieldKind | undefined, value: CoercedLiteral): boolean {
  switch (kind) {
    case 'number':
      return !Number.isNaN(value.number);
    case 'boolean':
      return value.boolean !== undefined;
    case 'datetime':
      return !Number.isNaN(value.instant);
    case 'string':
      return !value.isDatetime;
    default:
      return true;
  }
}

/** String fields holding datetimes compare as instants with a [datetime], or with any date when declared so. */
export function comparesAsInstant(kind: FieldKind | undefined, value: CoercedLiteral): boolean {
  return value.isDatetime || (kind === 'datetime' && !Number.isNaN(value.instant));
}
