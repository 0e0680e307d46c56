import type { HandRule } from '../registry/resource-definition.js';
import { isBlank } from './required-fields.js';

/**
 * A reference ConnectWise fills with the table's default row when a new record leaves it out (a company without
 * `status` gets the default company status).
 */
export function defaultReferenceOnCreate(field: string, referenceSchema: string, resource: string): HandRule {
  return ({ record, mode, store, resolveReference }) => {
    if (mode !== 'create' || !isBlank(record[field])) return [];
    const fallback = store.list(resource).find((row) => row.defaultFlag === true);
    if (fallback === undefined) return [];
    const resolved = resolveReference(referenceSchema, { id: fallback.id }, field);
    if (resolved.ok) record[field] = resolved.reference;
    return [];
  };
}
