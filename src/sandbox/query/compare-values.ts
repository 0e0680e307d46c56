import { parseInstant } from './parse-instant.js';

/**
 * The key SQL Server's default collation compares text by in `=`, `!=`, `in`: case-insensitive, and trailing
 * spaces ignored (ANSI padding), so `identifier = "ACME"` finds "acme " (docs/connectwise-tenant-rules.md).
 */
export function collationKey(text: string): string {
  return text.toLowerCase().replace(/ +$/, '');
}

/** SQL Server's default collation is case-insensitive and accent-sensitive; so is this ordering. */
const textCollator = new Intl.Collator('en', { sensitivity: 'accent' });

/**
 * For letters, digits and spaces the collation order is the code-unit order of the lower-cased text
 * (checked against Intl.Collator by a property test), which is ~10× cheaper than asking the collator.
 */
const collatesAsCodeUnits = /^[A-Za-z0-9 ]*$/;

export function compareText(left: string, right: string): number {
  const a = left.replace(/ +$/, '');
  const b = right.replace(/ +$/, '');
  if (collatesAsCodeUnits.test(a) && collatesAsCodeUnits.test(b))
    return compareCodeUnits(a.toLowerCase(), b.toLowerCase());
  return textCollator.compare(a, b);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Instant of an ISO datetime string, or NaN; cheap rejection first since most strings are not dates. */
export function readInstant(text: string): number {
  return text.length >= 10 && text.charCodeAt(4) === 45 /* - */ ? parseInstant(text) : Number.NaN;
}

/** A field value prepared for sorting: its type rank and, for strings, the instant or the plain lower-case text. */
export interface SortValue {
  rank: number;
  value: unknown;
  instant: number;
  /** set when the text collates as code units (see compareText) */
  plainText?: string;
}

export function toSortValue(value: unknown): SortValue {
  switch (typeof value) {
    case 'boolean':
      return { rank: 1, value, instant: Number.NaN };
    case 'number':
      return { rank: 2, value, instant: Number.NaN };
    case 'string':
      return {
        rank: 3,
        value,
        instant: readInstant(value),
        plainText: collatesAsCodeUnits.test(value) ? value.toLowerCase() : undefined,
      };
    default:
      return { rank: value === undefined || value === null ? 0 : 4, value, instant: Number.NaN };
  }
}

/**
 * Orders two values for orderBy: missing and null first, then booleans, numbers, strings (two datetime
 * strings as instants, other text case-insensitively); objects and arrays tie.
 */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  switch (a.rank) {
    case 1:
      return Number(a.value) - Number(b.value);
    case 2:
      return compareNumbers(a.value as number, b.value as number);
    case 3:
      if (!Number.isNaN(a.instant) && !Number.isNaN(b.instant)) return a.instant - b.instant;
      if (a.plainText !== undefined && b.plainText !== undefined)
        return compareCodeUnits(a.plainText, b.plainText);
      return textCollator.compare(a.value as string, b.value as string);
    default:
      return 0;
  }
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
