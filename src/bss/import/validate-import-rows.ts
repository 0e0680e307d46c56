import { isDeepStrictEqual } from 'node:util';
import { entitySchemas, type EntitySchema } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import { StoreError, UnknownReferenceError, type MissingReference } from '../store/errors.js';
import { valuesAtPath } from '../store/record-paths.js';
import type { RecordStore } from '../store/types.js';
import { validateInput, withoutReadOnlyFields } from '../store/validate-input.js';

export type RowOutcome =
  { ok: true; action: 'created' | 'updated' | 'unchanged' } | { ok: false; error: StoreError };

/**
 * What `writeBatch` would do with the rows of one file, without writing: the same validation, the same
 * reference check, the same "unchanged" rule. It remembers the ids earlier rows would have written (a later row
 * may refer to them) and which referenced records exist (a file names the same few types and currencies).
 */
export function createDryRunValidator(store: Pick<RecordStore, 'get'>, schema: EntitySchema) {
  const writtenIds = new Set<string>();
  const existence = new Map<string, boolean>();

  async function exists(entity: EntityName, id: string): Promise<boolean> {
    const key = `${entity}\u0000${id}`;
    let known = existence.get(key);
    if (known === undefined) {
      known = (await store.get(entity, id)) !== undefined;
      existence.set(key, known);
    }
    return known;
  }

  async function findMissingReferences(
    data: Record<string, unknown>,
  ): Promise<Array<MissingReference & { described: string }>> {
    const missing: Array<MissingReference & { described: string }> = [];
    for (const reference of schema.references) {
      for (const { path, value } of valuesAtPath(data, reference.path)) {
        if (typeof value !== 'string') continue;
        if (reference.entity === schema.name && writtenIds.has(value)) continue;
        if (await exists(reference.entity, value)) continue;
        missing.push({
          path,
          entity: reference.entity,
          id: value,
          described: entitySchemas[reference.entity].described,
        });
      }
    }
    return missing;
  }

  async function validateRow(row: { id?: string; input: unknown }): Promise<RowOutcome> {
    try {
      const { data } = validateInput(schema, row.input);
      const missing = await findMissingReferences(data);
      if (missing.length > 0) throw new UnknownReferenceError(schema.name, missing);
      if (row.id === undefined) return { ok: true, action: 'created' };
      const writtenBefore = writtenIds.has(row.id);
      writtenIds.add(row.id);
      if (writtenBefore) return { ok: true, action: 'updated' };
      const current = await store.get(schema.name, row.id);
      if (!current) return { ok: true, action: 'created' };
      return {
        ok: true,
        action: isDeepStrictEqual(data, withoutReadOnlyFields(current)) ? 'unchanged' : 'updated',
      };
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      return { ok: false, error };
    }
  }

  return {
    async validate(rows: ReadonlyArray<{ id?: string; input: unknown }>): Promise<RowOutcome[]> {
      const outcomes: RowOutcome[] = [];
      for (const row of rows) outcomes.push(await validateRow(row));
      return outcomes;
    },
  };
}
