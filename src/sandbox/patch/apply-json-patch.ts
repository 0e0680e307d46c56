import { badRequest } from '../http/connectwise-error.js';

export interface PatchResult {
  document: Record<string, unknown>;
  /** canonical names of the top-level fields the operations touched */
  touchedFields: Set<string>;
}

const forbiddenSegments = new Set(['__proto__', 'constructor', 'prototype']);

/** Bare paths ("firstName") and pointer paths ("/communicationItems/1/value"), as the captured PATCHes mix both. */
function splitPath(path: string): string[] {
  const pointer = path.startsWith('/') ? path.slice(1) : path;
  return pointer.split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function arrayIndex(segment: string, length: number, op: string, path: string): number {
  if (!/^\d+$/.test(segment)) throw badRequest(`PATCH ${op} ${path}: "${segment}" is not an array index.`);
  const index = Number(segment);
  const limit = op === 'add' ? length : length - 1;
  if (index > limit) {
    // ConnectWise accepts an `add` past the end (the captured scenario adds at index 3 twice); it appends.
    if (op === 'add') return length;
    throw badRequest(`PATCH ${op} ${path}: index ${index} is outside the array (length ${length}).`);
  }
  return index;
}

export type FieldResolver = (name: string) => { name: string; writable: boolean } | undefined;

function applyOperation(
  document: Record<string, unknown>,
  operation: Record<string, unknown>,
  resolveField: FieldResolver,
  touched: Set<string>,
): void {
  const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : undefined;
  const path = operation.path;
  if (op !== 'add' && op !== 'replace' && op !== 'remove') {
    throw badRequest(
      `PATCH operation "${String(operation.op)}" is not supported; use add, replace or remove.`,
    );
  }
  if (typeof path !== 'string' || path === '' || path === '/')
    throw badRequest(`PATCH ${op}: a path naming a field is required.`);
  if (op !== 'remove' && !('value' in operation))
    throw badRequest(`PATCH ${op} ${path}: a value is required.`);
  const segments = splitPath(path);
  if (segments.some((segment) => forbiddenSegments.has(segment)))
    throw badRequest(`PATCH ${op} ${path}: invalid path.`);
  const field = resolveField(segments[0] ?? '');
  if (field === undefined)
    throw badRequest(`PATCH ${op} ${path}: ${segments[0] ?? ''} is not a field of this object.`);
  // Read-only fields (id, _info, computed ones) are ignored on write, in a PATCH as in a PUT body.
  if (!field.writable) return;
  segments[0] = field.name;
  touched.add(field.name);

  let container: Record<string, unknown> | unknown[] = document;
  for (const segment of segments.slice(0, -1)) {
    const next: unknown = Array.isArray(container)
      ? container[arrayIndex(segment, container.length, 'replace', path)]
      : container[segment];
    if (!isContainer(next))
      throw badRequest(`PATCH ${op} ${path}: ${segment} does not exist or holds no fields.`);
    container = next;
  }
  const last = segments[segments.length - 1] ?? '';
  const value = structuredClone(operation.value);
  if (Array.isArray(container)) {
    if (last === '-' && op === 'add') {
      container.push(value);
      return;
    }
    const index = arrayIndex(last, container.length, op, path);
    if (op === 'add') container.splice(index, 0, value);
    else if (op === 'replace') container[index] = value;
    else container.splice(index, 1);
    return;
  }
  if (op === 'remove') delete container[last];
  else container[last] = value;
}

/**
 * Applies a JSON-Patch document (add / replace / remove) to a copy of a record. `resolveField` maps a path's
 * first segment to the resource's field (case-insensitive) or undefined when there is no such field.
 */
export function applyJsonPatch(
  record: Record<string, unknown>,
  operations: unknown,
  resolveField: FieldResolver,
): PatchResult {
  if (!Array.isArray(operations)) {
    throw badRequest(
      'A PATCH body must be a JSON array of operations such as [{"op":"replace","path":"name","value":"x"}].',
    );
  }
  const document = structuredClone(record);
  const touchedFields = new Set<string>();
  for (const operation of operations) {
    if (!isContainer(operation) || Array.isArray(operation))
      throw badRequest('Each PATCH operation must be an object with op and path.');
    applyOperation(document, operation, resolveField, touchedFields);
  }
  return { document, touchedFields };
}
