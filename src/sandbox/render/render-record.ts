import type { ApiVersion, SandboxStore } from '../context.js';
import { findResource, storeKeyOf } from '../registry/index.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import { referenceTargets } from '../registry/reference-targets.js';
import { fieldsOf, type FieldFact } from '../spec/field-spec.js';
import { describeReference } from '../validation/resolve-reference.js';
import { referenceFieldsOf, resourceSchemaOf, type ReferenceField } from '../validation/resource-schema.js';

export interface RenderContext {
  /** e.g. http://127.0.0.1:4000/v4_6_release/apis/3.0 */
  apiBase: string;
  apiVersion: ApiVersion;
  store: SandboxStore;
}

const nestedReferenceFields = new Map<string, ReferenceField[]>();

/** Reference fields inside array elements of a schema (communicationItems[].type). */
function elementReferenceFields(fact: FieldFact, version: ApiVersion): ReferenceField[] {
  if (fact.type !== 'array' || fact.of === undefined || referenceTargets[fact.of] !== undefined) return [];
  const key = `${fact.of}@${version}`;
  let fields = nestedReferenceFields.get(key);
  if (fields === undefined) {
    try {
      fields = referenceFieldsOf(fieldsOf(fact.of, version));
    } catch {
      fields = [];
    }
    nestedReferenceFields.set(key, fields);
  }
  return fields;
}

function renderReference(
  value: unknown,
  field: string,
  referenceSchema: string,
  context: RenderContext,
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const sent = value as Record<string, unknown>;
  const spec = referenceTargets[referenceSchema];
  if (spec === undefined || typeof sent.id !== 'number') return { ...sent, _info: {} };
  const definition = findResource(spec.resource);
  const target = definition === undefined ? undefined : context.store.get(storeKeyOf(definition), sent.id);
  const reference = target === undefined ? { ...sent } : describeReference(referenceSchema, target);
  const href = hrefOf(spec.resource, definition, target, sent.id, context);
  reference._info = href === undefined ? {} : { [spec.hrefName ?? `${field}_href`]: href };
  return reference;
}

/** A nested target (a site) is linked under its parent, whose id the target record names. */
function hrefOf(
  resource: string,
  definition: ResourceDefinition | undefined,
  target: Record<string, unknown> | undefined,
  id: number,
  context: RenderContext,
): string | undefined {
  if (!resource.includes('{parentId}')) return `${context.apiBase}/${resource}/${id}`;
  const parentField = definition?.parent?.field;
  const parentValue = parentField === undefined ? undefined : target?.[parentField];
  const parentId =
    typeof parentValue === 'object' && parentValue !== null
      ? (parentValue as { id?: unknown }).id
      : parentValue;
  if (typeof parentId !== 'number') return undefined;
  return `${context.apiBase}/${resource.replace('{parentId}', String(parentId))}/${id}`;
}

function renderReferences(
  record: Record<string, unknown>,
  references: ReferenceField[],
  facts: Map<string, FieldFact> | FieldFact[],
  context: RenderContext,
): void {
  for (const reference of references) {
    const value = record[reference.name];
    if (value === undefined || value === null) continue;
    const fact =
      facts instanceof Map ? facts.get(reference.name) : facts.find((item) => item.name === reference.name);
    const referenceSchema = fact?.of ?? '';
    record[reference.name] = reference.many
      ? Array.isArray(value)
        ? value.map((item) =>
            renderReference(item, reference.name.replace(/s$/, ''), referenceSchema, context),
          )
        : value
      : renderReference(value, reference.name, referenceSchema, context);
  }
}

interface ElementReferences {
  field: string;
  references: ReferenceField[];
  facts: FieldFact[];
}

const elementReferenceCache = new Map<string, ElementReferences[]>();

/** The array fields of a resource whose elements hold references, computed once per resource and version. */
function elementReferencesOf(definition: ResourceDefinition, version: ApiVersion): ElementReferences[] {
  const key = `${definition.path}@${version}`;
  let cached = elementReferenceCache.get(key);
  if (cached === undefined) {
    cached = [];
    for (const fact of resourceSchemaOf(definition, version).fields.values()) {
      const references = elementReferenceFields(fact, version);
      if (references.length > 0)
        cached.push({ field: fact.name, references, facts: fieldsOf(fact.of ?? '', version) });
    }
    elementReferenceCache.set(key, cached);
  }
  return cached;
}

/**
 * A stored record as ConnectWise answers it: references carry the referenced record's current name and an
 * `_info` href, and the record's `_info` links its child collections. Copies only what it changes (the stored
 * record is never modified), which keeps 1000-row pages cheap.
 */
export function renderRecord(
  definition: ResourceDefinition,
  stored: Record<string, unknown>,
  context: RenderContext,
): Record<string, unknown> {
  const record: Record<string, unknown> = { ...stored };
  const schema = resourceSchemaOf(definition, context.apiVersion);
  renderReferences(record, schema.referenceFields, schema.fields, context);
  for (const { field, references, facts } of elementReferencesOf(definition, context.apiVersion)) {
    const elements = record[field];
    if (!Array.isArray(elements)) continue;
    record[field] = elements.map((element: unknown) => {
      if (typeof element !== 'object' || element === null) return element;
      const copy = { ...(element as Record<string, unknown>) };
      renderReferences(copy, references, facts, context);
      return copy;
    });
  }
  const info: Record<string, unknown> = { ...((record._info as Record<string, unknown> | undefined) ?? {}) };
  for (const child of definition.children ?? []) {
    info[child.link] = `${context.apiBase}/${child.resource.replace('{parentId}', String(record.id))}`;
  }
  record._info = info;
  return record;
}
