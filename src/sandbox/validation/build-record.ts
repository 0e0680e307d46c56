import type { ApiVersion, SandboxStore, TenantRuleSettings } from '../context.js';
import { badRequest, invalidObject, type FieldError } from '../http/connectwise-error.js';
import { storeKeyOf } from '../registry/index.js';
import type { ResourceDefinition, WriteMode } from '../registry/resource-definition.js';
import { isBlank, missingRequiredField } from '../rules/required-fields.js';
import { coerceField } from './coerce-field.js';
import { resolveReference } from './resolve-reference.js';
import { resourceSchemaOf } from './resource-schema.js';

export interface BuildRecordInput {
  definition: ResourceDefinition;
  apiVersion: ApiVersion;
  tenantRules: TenantRuleSettings;
  store: SandboxStore;
  mode: WriteMode;
  /** the POST/PUT body, or for PATCH the stored record with the patch applied */
  body: unknown;
  previous?: Record<string, unknown>;
  parentId?: number;
  member: { identifier: string; id: number | null };
  /** for PATCH: the top-level fields the operations touched (POST/PUT: the body's keys) */
  patchedFields?: ReadonlySet<string>;
  nextElementId(resource: string, arrayField: string): number;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function checkUnique(input: BuildRecordInput, record: Record<string, unknown>): FieldError[] {
  const { definition, store, previous } = input;
  const errors: FieldError[] = [];
  for (const { field, message } of definition.unique ?? []) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const lowered = value.toLowerCase();
    const taken = store
      .list(storeKeyOf(definition))
      .some(
        (row) =>
          row.id !== previous?.id &&
          typeof row[field] === 'string' &&
          (row[field] as string).toLowerCase() === lowered,
      );
    if (taken) {
      errors.push({
        code: 'ObjectExists',
        message: message ?? `The ${field} is already in use.`,
        resource: definition.objectName,
        field,
      });
    }
  }
  return errors;
}

/**
 * Turns a sent body into the record to store, enforcing everything ConnectWise enforces for this resource and
 * API version. Collects ALL field errors and throws one 400 InvalidObject, as ConnectWise does.
 */
export function buildRecord(input: BuildRecordInput): Record<string, unknown> {
  const { definition, apiVersion, store, mode, previous } = input;
  const body = asObject(input.body);
  if (body === undefined)
    throw badRequest(`The request body must be a JSON object describing a ${definition.objectName}.`);
  const schema = resourceSchemaOf(definition, apiVersion);
  const objectName = definition.objectName;
  const errors: FieldError[] = [];
  const record: Record<string, unknown> = mode === 'create' ? structuredClone(definition.defaults ?? {}) : {};
  const sentFields = new Set<string>();

  for (const [key, value] of Object.entries(body)) {
    const name = schema.fieldByLowerName.get(key.toLowerCase());
    if (name === undefined || !schema.writableFields.has(name)) continue;
    const fact = schema.fields.get(name);
    if (fact === undefined) continue;
    sentFields.add(name);
    const coerced = coerceField(fact, value);
    if (!coerced.ok)
      errors.push({ code: 'InvalidField', message: coerced.message, resource: objectName, field: name });
    else record[name] = coerced.value;
  }
  if (previous !== undefined) {
    for (const [name, value] of Object.entries(previous)) {
      if (!schema.writableFields.has(name) && name !== 'id' && name !== '_info') record[name] = value;
    }
  }
  const parentField = definition.parent?.field;
  if (parentField !== undefined && input.parentId !== undefined) {
    record[parentField] = definition.parent?.fieldKind === 'id' ? input.parentId : { id: input.parentId };
  }

  const required = new Set(definition.serverRequired ?? []);
  for (const fact of schema.fields.values())
    if (fact.required === true && schema.writableFields.has(fact.name)) required.add(fact.name);
  if (mode !== 'create') for (const field of definition.requiredOnUpdate ?? []) required.add(field);
  for (const fact of schema.fields.values()) {
    const value = record[fact.name];
    if (required.has(fact.name) && isBlank(value)) {
      if (!errors.some((error) => error.field === fact.name))
        errors.push(missingRequiredField(objectName, fact.name));
      continue;
    }
    if (typeof value === 'string' && fact.maxLength !== undefined && value.length > fact.maxLength) {
      // Wording as ConnectWise answers it: "The field summary must be a string with a maximum length of 100."
      errors.push({
        code: 'MaxLengthField',
        message: `The field ${fact.name} must be a string with a maximum length of ${fact.maxLength}.`,
        resource: objectName,
        field: fact.name,
      });
    }
    if (typeof value === 'string' && fact.enum !== undefined && !fact.enum.includes(value)) {
      errors.push({
        code: 'InvalidField',
        message: `The ${fact.name} field must be one of: ${fact.enum.join(', ')}.`,
        resource: objectName,
        field: fact.name,
      });
    }
  }

  const resolve = (referenceSchema: string, value: unknown, field: string) =>
    resolveReference(store, referenceSchema, value, field, objectName);
  const resolvedByRules = new Set(definition.resolvedByRules ?? []);
  for (const reference of schema.referenceFields) {
    if (resolvedByRules.has(reference.name)) continue;
    const value = record[reference.name];
    if (value === undefined || value === null) continue;
    const referenceSchema = schema.fields.get(reference.name)?.of ?? '';
    if (reference.many) {
      if (!Array.isArray(value)) continue;
      const filled: unknown[] = [];
      value.forEach((item, index) => {
        const resolved = resolve(referenceSchema, item, `${reference.name}/${index}`);
        if (resolved.ok) filled.push(resolved.reference);
        else errors.push(resolved.error);
      });
      record[reference.name] = filled.filter((item) => item !== null);
    } else {
      const resolved = resolve(referenceSchema, value, reference.name);
      if (resolved.ok) record[reference.name] = resolved.reference;
      else errors.push(resolved.error);
    }
  }

  errors.push(...checkUnique(input, record));
  for (const rule of definition.rules ?? []) {
    errors.push(
      ...rule({
        record,
        previous,
        sentFields: input.patchedFields ?? sentFields,
        mode,
        parentId: input.parentId,
        store,
        apiVersion,
        tenantRules: input.tenantRules,
        definition,
        member: input.member,
        resolveReference: resolve,
        nextElementId: (arrayField) => input.nextElementId(storeKeyOf(definition), arrayField),
      }),
    );
  }
  if (errors.length > 0) throw invalidObject(objectName, errors);
  return inSchemaOrder(record, schema.fields.keys());
}

/** Fields in the order ConnectWise's schema lists them (id first), as its answers show them. */
function inSchemaOrder(record: Record<string, unknown>, order: Iterable<string>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const name of order) if (name in record) ordered[name] = record[name];
  for (const [name, value] of Object.entries(record)) if (!(name in ordered)) ordered[name] = value;
  return ordered;
}
