import type { EntitySchema } from '../records/entity-schema.js';
import type { BssRecordKeysTable } from '../../db/schema.js';
import { valuesAtPath } from './record-paths.js';

/** The rows of `bss_record_keys` for one record: what its filters match, and the ids it references. */
export function computeRecordKeys(
  schema: EntitySchema,
  id: string,
  data: Record<string, unknown>,
): BssRecordKeysTable[] {
  const keys = new Map<string, BssRecordKeysTable>();
  const add = (name: string, value: unknown, targetEntity: string | null): void => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
    const row = {
      entity: schema.name,
      record_id: id,
      name,
      value: String(value),
      target_entity: targetEntity,
    };
    keys.set(`${name}\u0000${row.value}`, row);
  };
  for (const filter of schema.filters) {
    for (const found of valuesAtPath(data, filter.path)) add(filter.name, found.value, null);
  }
  for (const reference of schema.references) {
    for (const found of valuesAtPath(data, reference.path))
      add(reference.path, found.value, reference.entity);
  }
  return [...keys.values()];
}
