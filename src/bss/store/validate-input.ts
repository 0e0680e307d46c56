import type { EntitySchema } from '../records/entity-schema.js';
import { recordId } from '../records/fields.js';
import { describeZodIssues } from './describe-zod-issues.js';
import { describeReceived, formatPath } from './record-paths.js';
import { RecordValidationError, type ValidationIssue } from './errors.js';

/** Fields a client may send back from a GET; the store owns them and ignores what is sent. */
const readOnlyFields = ['id', 'version', 'createdAt', 'updatedAt', 'integrationIds'] as const;

export interface ValidatedInput {
  /** The id the body names, if any. */
  id?: string;
  /** The record's own fields, defaults applied, read-only fields removed. */
  data: Record<string, unknown>;
}

/**
 * Validates a body against the entity's input schema and reports EVERY problem at once. `null` means "absent"
 * (the platform writes nulls for empty fields), so null members are dropped before validation.
 */
export function validateInput(schema: EntitySchema, input: unknown): ValidatedInput {
  requireJsonObject(schema, input);
  const withoutNulls = dropNullMembers(input) as Record<string, unknown>;
  const result = schema.input.safeParse(withoutNulls);
  if (!result.success) {
    throw new RecordValidationError(
      schema.name,
      describeZodIssues(result.error.issues, withoutNulls, schema.described.replace(/^an? /, '')),
    );
  }
  const data: Record<string, unknown> = { ...result.data };
  for (const field of readOnlyFields) delete data[field];
  const id = result.data.id;
  return typeof id === 'string' ? { id, data } : { data };
}

/** No record nests deeper than a few levels; a deeper body is refused before anything walks it recursively. */
export const maxBodyDepth = 16;

/**
 * A body must be a JSON object of sane depth without NUL characters (PostgreSQL text cannot hold them); anything
 * else is refused before anything walks it recursively.
 */
export function requireJsonObject(
  schema: EntitySchema,
  input: unknown,
): asserts input is Record<string, unknown> {
  if (!isPlainObject(input)) {
    throw new RecordValidationError(schema.name, [
      { path: '', rule: 'type', message: 'must be a JSON object', received: describeReceived(input) },
    ]);
  }
  const issue = findStructuralIssue(input);
  if (issue !== undefined) throw new RecordValidationError(schema.name, [issue]);
}

function findStructuralIssue(body: Record<string, unknown>): ValidationIssue | undefined {
  const pending: Array<{ value: unknown; segments: Array<string | number> }> = [
    { value: body, segments: [] },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, segments } = next;
    if (typeof value === 'string' && value.includes('\u0000')) {
      return {
        path: formatPath(segments),
        rule: 'noNulCharacter',
        message: 'must not contain the NUL character',
      };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (segments.length >= maxBodyDepth) {
      return {
        path: '',
        rule: 'maxDepth',
        message: `must not nest objects and arrays more than ${maxBodyDepth} deep`,
      };
    }
    for (const [key, member] of Object.entries(value)) {
      const memberSegments = [...segments, Array.isArray(value) ? Number(key) : key];
      if (key.includes('\u0000')) {
        return {
          path: formatPath(segments),
          rule: 'noNulCharacter',
          message: 'must not have a key with the NUL character',
        };
      }
      pending.push({ value: member, segments: memberSegments });
    }
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function withoutReadOnlyFields(value: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...value };
  for (const field of readOnlyFields) delete copy[field];
  return copy;
}

function dropNullMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullMembers);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, dropNullMembers(member)]),
  );
}

/** The id a write is addressed to must be a valid id, and a body that names an id must name the same one. */
export function checkAddressedId(schema: EntitySchema, addressedId: string, bodyId: unknown): void {
  if (!recordId.safeParse(addressedId).success) {
    throw new RecordValidationError(schema.name, [
      {
        path: 'id',
        rule: 'pattern',
        message: 'must be 1..64 characters of letters, digits, "_", ".", ":" or "-"',
        received: describeReceived(addressedId),
      },
    ]);
  }
  if (bodyId === undefined || bodyId === null || bodyId === addressedId) return;
  throw new RecordValidationError(schema.name, [
    {
      path: 'id',
      rule: 'matchesPath',
      message: `must match the id in the path ("${addressedId}") or be left out`,
      received: bodyId,
    },
  ]);
}
