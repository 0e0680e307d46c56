import type { ApiVersion } from '../context.js';
import { createFieldCatalog, type FieldCatalog, type FieldShape } from '../query/index.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import { referenceTargets } from '../registry/reference-targets.js';
import { fieldsOf, type FieldFact } from '../spec/field-spec.js';

type ScalarKind = 'string' | 'number' | 'boolean' | 'datetime';

const scalarKinds: Record<string, ScalarKind> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  datetime: 'datetime',
};

function referenceShape(referenceSchema: string): FieldShape {
  const shape: FieldShape = { id: 'number', name: 'string', identifier: 'string' };
  for (const field of referenceTargets[referenceSchema]?.extraFields ?? []) shape[field] ??= 'string';
  return shape;
}

function shapeOf(facts: FieldFact[], version: ApiVersion, depth: number): FieldShape {
  const shape: FieldShape = {};
  for (const fact of facts) {
    if (fact.name === '_info') continue;
    const scalar = scalarKinds[fact.type];
    if (scalar !== undefined) shape[fact.name] = scalar;
    else if (fact.type === 'reference') shape[fact.name] = referenceShape(fact.of ?? '');
    else if (fact.type === 'array') shape[fact.name] = [elementShape(fact.of ?? 'object', version, depth)];
    else if (fact.name === 'value') shape[fact.name] = 'string';
  }
  return shape;
}

function elementShape(of: string, version: ApiVersion, depth: number): FieldShape {
  if (referenceTargets[of] !== undefined || of.endsWith('Reference')) return referenceShape(of);
  if (depth > 1 || scalarKinds[of] !== undefined || of === 'object') return {};
  try {
    return shapeOf(fieldsOf(of, version), version, depth + 1);
  } catch {
    return {};
  }
}

const catalogs = new Map<string, FieldCatalog>();

/** The fields a query may name on a resource, so a misspelt field in conditions is a 400, not an empty list. */
export function fieldCatalogOf(definition: ResourceDefinition, version: ApiVersion): FieldCatalog {
  const key = `${definition.path}@${version}`;
  let catalog = catalogs.get(key);
  if (catalog === undefined) {
    catalog = createFieldCatalog(shapeOf(fieldsOf(definition.schema, version), version, 0));
    catalogs.set(key, catalog);
  }
  return catalog;
}
