import type { Kysely } from 'kysely';
import type { EntitySchema } from '../records/entity-schema.js';
import { entitySchemas } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import type { Database } from '../../db/schema.js';
import { queryTemplate } from '../../db/query-template.js';
import { chunksOf } from './record-rows.js';
import { valuesAtPath } from './record-paths.js';
import { UnknownReferenceError, type MissingReference } from './errors.js';

/** A reference of one record, with what its target must satisfy. */
export interface RecordReference extends MissingReference {
  described: string;
  /** Set when the target must refer back: its reference at `backPath` must be `ownerId`. */
  backPath?: string;
  ownerId?: string;
}

export function referencesOf(
  schema: EntitySchema,
  data: Record<string, unknown>,
  ownerId: string,
): RecordReference[] {
  return schema.references.flatMap((reference) =>
    valuesAtPath(data, reference.path)
      .filter((found): found is { path: string; value: string } => typeof found.value === 'string')
      .map((found) => ({
        path: found.path,
        entity: reference.entity,
        id: found.value,
        described: reference.described ?? entitySchemas[reference.entity].described,
        ...(reference.mustReferBack !== undefined ? { backPath: reference.mustReferBack, ownerId } : {}),
      })),
  );
}

/** Whether one record is there, compiled once: a contact written alone checks its account this way. */
const recordIdIfAny = queryTemplate<{ id: string }, [string, string]>(2, (db, entity, id) =>
  db.selectFrom('bss_records').select('id').where('entity', '=', entity!).where('id', '=', id!),
);

/** Which of these references hold, in as few queries as the parameter limit allows. */
export async function findHoldingReferences(
  db: Kysely<Database>,
  wanted: readonly RecordReference[],
): Promise<Set<string>> {
  const holding = new Set<string>();
  const idsByEntity = new Map<EntityName, Set<string>>();
  for (const { entity, id, backPath } of wanted) {
    if (backPath === undefined) idsByEntity.set(entity, (idsByEntity.get(entity) ?? new Set()).add(id));
  }
  for (const [entity, ids] of idsByEntity) {
    if (ids.size === 1) {
      const [id] = ids;
      const { rows } = await recordIdIfAny(db, entity, id!);
      if (rows.length > 0) holding.add(referenceKey({ entity, id: id! }));
      continue;
    }
    for (const chunk of chunksOf([...ids])) {
      const rows = await db
        .selectFrom('bss_records')
        .select('id')
        .where('entity', '=', entity)
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) holding.add(referenceKey({ entity, id: row.id }));
    }
  }
  for (const reference of wanted) {
    if (reference.backPath === undefined || reference.ownerId === undefined) continue;
    const row = await db
      .selectFrom('bss_record_keys')
      .select('record_id')
      .where('entity', '=', reference.entity)
      .where('record_id', '=', reference.id)
      .where('name', '=', reference.backPath)
      .where('value', '=', reference.ownerId)
      .executeTakeFirst();
    if (row !== undefined) holding.add(referenceKey(reference));
  }
  return holding;
}

export function referenceKey(reference: { entity: EntityName; id: string; ownerId?: string }): string {
  return [reference.entity, reference.id, reference.ownerId ?? ''].join('\u0000');
}

export function unknownReferenceError(entity: EntityName, missing: RecordReference[]): UnknownReferenceError {
  return new UnknownReferenceError(
    entity,
    missing.map(({ path, entity: target, id, described }) => ({ path, entity: target, id, described })),
  );
}

/** Throws one UnknownReferenceError naming every reference of record `id` that does not hold. */
export async function throwOnMissingReferences(
  trx: Kysely<Database>,
  schema: EntitySchema,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  const references = referencesOf(schema, data, id);
  const holding = await findHoldingReferences(trx, references);
  const missing = references.filter((reference) => !holding.has(referenceKey(reference)));
  if (missing.length > 0) throw unknownReferenceError(schema.name, missing);
}
