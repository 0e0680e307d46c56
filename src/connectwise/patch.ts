import { isPlainObject } from '../shared/index.js';
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  /** a bare field name (`name`) or a pointer (`/communicationItems/1/value`); ConnectWise takes both */
  path: string;
  value?: unknown;
}

/** Fields ConnectWise manages itself; never part of a patch. */
const ignoredFields = new Set(['id', '_info']);

/**
 * The operations that turn `before` (a record as read) into `after` (the wanted values), for the fields of
 * `after` only: a field absent from `after` is not managed and left alone; `null` removes a value.
 * References are sent as `{id}`, arrays (such as customFields) are replaced whole, as ConnectWise requires.
 */
export function buildPatchFromDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): PatchOperation[] {
  const operations: PatchOperation[] = [];
  for (const [field, wanted] of Object.entries(after)) {
    if (ignoredFields.has(field) || wanted === undefined) continue;
    const current = before[field];
    const hasCurrent = current !== undefined && current !== null;
    if (wanted === null) {
      if (hasCurrent) operations.push({ op: 'remove', path: field });
      continue;
    }
    if (hasCurrent && isSatisfiedBy(wanted, current)) continue;
    operations.push({ op: hasCurrent ? 'replace' : 'add', path: field, value: toPatchValue(wanted) });
  }
  return operations;
}

/**
 * Whether repeating the patch is harmless: adding or removing by array position is not (a second `remove
 * /communicationItems/0` removes another item), replacing values is.
 */
export function isIdempotentPatch(operations: readonly PatchOperation[]): boolean {
  return operations.every((operation) => operation.op === 'replace' || !/\/(\d+|-)$/.test(operation.path));
}

function toPatchValue(value: unknown): unknown {
  if (isReference(value)) return { id: value.id };
  return value;
}

/** `wanted` holds for `current` when every value it states is already there (references compare by id). */
function isSatisfiedBy(wanted: unknown, current: unknown): boolean {
  if (isReference(wanted)) return isReference(current) && wanted.id === current.id;
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(current) &&
      wanted.length === current.length &&
      wanted.every((item, index) => isSatisfiedBy(item, current[index]))
    );
  }
  if (isPlainObject(wanted)) {
    return (
      isPlainObject(current) &&
      Object.entries(wanted).every(
        ([key, value]) => value === undefined || isSatisfiedBy(value, current[key] ?? null),
      )
    );
  }
  return wanted === current;
}

function isReference(value: unknown): value is { id: number | string } {
  return (
    isPlainObject(value) &&
    (typeof value.id === 'number' || typeof value.id === 'string') &&
    !('value' in value) // a custom field value has an id too, but compares by content
  );
}
