// How ConnectWise compares `field = value` in conditions, as index keys: text as its SQL Server does (a
// case-insensitive collation, and trailing spaces ignored: `'ACME Ltd  ' = 'acme ltd'` is true, leading spaces
// count), numbers and booleans by value, and a query value in every form a field may hold it (`"5"` finds the
// number 5, `1` finds the text "1" and `true`). Null, objects and arrays never equal anything.

import { connectWiseText } from '../../../engine/index.js';

/** A ConnectWise field path (`company/id`) as segments. */
export type FieldPath = readonly string[];

const numericText = /^\s*-?\d+(?:\.\d+)?\s*$/;

function textKey(text: string): string {
  return `s:${connectWiseText(text)}`;
}

/** The key a stored field value is filed under; undefined when no `=` condition can equal it. */
export function keyOfStoredValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return textKey(value);
    case 'number':
      return Number.isFinite(value) ? `n:${value}` : undefined;
    case 'boolean':
      return `b:${value}`;
    default:
      return undefined;
  }
}

/** Every key a stored value equal to this query value can have. */
export function keysOfQueryValue(value: string | number | boolean): string[] {
  switch (typeof value) {
    case 'string': {
      const lower = connectWiseText(value);
      const keys = [textKey(value)];
      if (numericText.test(value)) keys.push(`n:${Number(value)}`);
      if (lower === 'true' || lower === 'false') keys.push(`b:${lower}`);
      return keys;
    }
    case 'number': {
      const keys = [textKey(String(value)), `n:${value}`];
      if (value === 1 || value === 0) keys.push(`b:${value === 1}`);
      return keys;
    }
    case 'boolean':
      return [`s:${value}`, `b:${value}`];
  }
}

/** Whether the index can answer for this query value exactly as ConnectWise would (dates are compared as instants there). */
export function isIndexableQueryValue(value: unknown): value is string | number | boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  return typeof value === 'string' && !looksLikeInstant(value);
}

function looksLikeInstant(text: string): boolean {
  return /^\s*\d{4}-\d{2}-\d{2}/.test(text);
}

/** `company/id` → ['company', 'id']. */
export function parseFieldPath(field: string): FieldPath {
  return field.split('/');
}

/**
 * The keys of a record's field. A plain condition reads through objects only; a child condition
 * (`communicationItems/value`) reads every element of the arrays on its way, as `childConditions` does.
 */
export function keysOfField(record: unknown, path: FieldPath, child: boolean): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      if (child) for (const element of value) visit(element, depth);
      return;
    }
    if (depth === path.length) {
      const key = keyOfStoredValue(value);
      if (key !== undefined) keys.add(key);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    visit(readOwnField(value as Record<string, unknown>, path[depth]!), depth + 1);
  };
  visit(record, 0);
  return [...keys];
}

/** ConnectWise field names match case-insensitively. */
function readOwnField(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}
