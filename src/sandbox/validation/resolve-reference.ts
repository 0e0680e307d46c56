import type { SandboxStore } from '../context.js';
import { findResource, storeKeyOf } from '../registry/index.js';
import type { ResolvedReference } from '../registry/resource-definition.js';
import { referenceTargets } from '../registry/reference-targets.js';

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** The reference as ConnectWise answers it: id, name (and identifier etc.) taken from the referenced record. */
export function describeReference(
  referenceSchema: string,
  target: Record<string, unknown>,
): Record<string, unknown> {
  const spec = referenceTargets[referenceSchema];
  const definition = spec === undefined ? undefined : findResource(spec.resource);
  const reference: Record<string, unknown> = { id: target.id };
  for (const field of spec?.extraFields ?? [])
    if (target[field] !== undefined) reference[field] = target[field];
  for (const field of spec?.textFields ?? []) {
    const value = asObject(reference[field]);
    if (value !== undefined) reference[field] = value.name;
  }
  const name = definition?.referenceName?.(target) ?? target.name;
  if (name !== undefined) reference.name = name;
  return reference;
}

/**
 * Finds the record a sent reference names — by id, else identifier, else name (ConnectWise accepts
 * {"identifier": "x"} for companies) — and returns the filled reference, or a NotFound field error.
 */
export function resolveReference(
  store: SandboxStore,
  referenceSchema: string,
  value: unknown,
  field: string,
  objectName: string,
): ResolvedReference {
  if (value === null || value === undefined) return { ok: true, reference: null };
  const sent = asObject(value);
  if (sent === undefined) {
    return {
      ok: false,
      error: {
        code: 'InvalidField',
        message: `The ${field} field must be a reference object such as {"id": 5}.`,
        resource: objectName,
        field,
      },
    };
  }
  const spec = referenceTargets[referenceSchema];
  if (spec === undefined) {
    const kept: Record<string, unknown> = {};
    for (const key of ['id', 'identifier', 'name']) if (sent[key] !== undefined) kept[key] = sent[key];
    return { ok: true, reference: Object.keys(kept).length === 0 ? null : kept };
  }
  const definition = findResource(spec.resource);
  const storeKey = definition === undefined ? spec.resource : storeKeyOf(definition);
  const displayName = definition?.displayName ?? referenceSchema.replace(/Reference$/, '');
  let target: Record<string, unknown> | undefined;
  let lookedUpBy: string;
  let lookedUpValue: unknown;
  const id = typeof sent.id === 'string' && sent.id.trim() !== '' ? Number(sent.id) : sent.id;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      return {
        ok: false,
        error: {
          code: 'InvalidField',
          message: `The ${field}/id field must be a whole number.`,
          resource: objectName,
          field: `${field}/id`,
        },
      };
    }
    lookedUpBy = 'id';
    lookedUpValue = id;
    target = store.get(storeKey, id);
  } else if (typeof sent.identifier === 'string') {
    lookedUpBy = 'identifier';
    lookedUpValue = sent.identifier;
    target = store.list(storeKey).find((row) => sameText(row.identifier, sent.identifier));
  } else if (typeof sent.name === 'string') {
    lookedUpBy = 'name';
    lookedUpValue = sent.name;
    target = store.list(storeKey).find((row) => sameText(row.name, sent.name));
  } else {
    return { ok: true, reference: null };
  }
  if (target === undefined) {
    return {
      ok: false,
      error: {
        code: 'NotFound',
        message: `${displayName} ${String(lookedUpValue)} not found`,
        resource: objectName,
        field: `${field}/${lookedUpBy}`,
      },
    };
  }
  return { ok: true, reference: describeReference(referenceSchema, target) };
}
