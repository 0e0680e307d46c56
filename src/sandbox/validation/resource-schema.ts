import type { ApiVersion } from '../context.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import { referenceTargets, type ReferenceTarget } from '../registry/reference-targets.js';
import { fieldsOf, type FieldFact } from '../spec/field-spec.js';

export interface ReferenceField {
  name: string;
  target: ReferenceTarget;
  /** true for arrays of references (company `types`) */
  many: boolean;
}

/** A resource's field facts for one API version, indexed for per-request use. */
export interface ResourceSchema {
  definition: ResourceDefinition;
  fields: Map<string, FieldFact>;
  /** lower-cased field name → field name, for case-insensitive JSON property names as ASP.NET reads them */
  fieldByLowerName: Map<string, string>;
  referenceFields: ReferenceField[];
  writableFields: Set<string>;
}

const alwaysReadOnly = ['id', '_info'];

export function referenceFieldsOf(fields: Iterable<FieldFact>): ReferenceField[] {
  const references: ReferenceField[] = [];
  for (const fact of fields) {
    const target = fact.of === undefined ? undefined : referenceTargets[fact.of];
    if (target === undefined) continue;
    if (fact.type === 'reference') references.push({ name: fact.name, target, many: false });
    if (fact.type === 'array') references.push({ name: fact.name, target, many: true });
  }
  return references;
}

const cache = new Map<string, ResourceSchema>();

export function resourceSchemaOf(definition: ResourceDefinition, version: ApiVersion): ResourceSchema {
  const key = `${definition.path}@${version}`;
  const cached = cache.get(key);
  if (cached !== undefined && cached.definition === definition) return cached;
  const facts = fieldsOf(definition.schema, version);
  const fields = new Map(facts.map((fact) => [fact.name, fact]));
  const readOnly = new Set([...alwaysReadOnly, ...(definition.readOnly ?? [])]);
  const schema: ResourceSchema = {
    definition,
    fields,
    fieldByLowerName: new Map(facts.map((fact) => [fact.name.toLowerCase(), fact.name])),
    referenceFields: referenceFieldsOf(facts),
    writableFields: new Set(facts.map((fact) => fact.name).filter((name) => !readOnly.has(name))),
  };
  cache.set(key, schema);
  return schema;
}
