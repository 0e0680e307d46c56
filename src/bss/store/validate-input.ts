import type { EntitySchema } from '../records/entity-schema.js';
import { recordId } from '../records/fields.js';
import { describeZodIssues } from '../../errors/index.js';
import { isPlainObject } from '../../shared/index.js';
import { describeReceived } from './record-paths.js';
import { RecordValidationError } from './errors.js';
import { findJsonIssues } from './parse-json-input.js';

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

/**
 * A body must be a JSON object of sane depth without NUL characters (PostgreSQL text cannot hold them), lone
 * surrogates or `__proto__` keys (see `findJsonIssues`); anything else is refused before anything walks it
 * recursively. The API's body parser refuses the same already; this covers imports and every other caller.
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
  const issues = findJsonIssues(input);
  if (issues.length > 0) throw new RecordValidationError(schema.name, issues);
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
