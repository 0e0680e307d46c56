import type { Kysely } from 'kysely';
import type { EntityName } from '../records/entity-names.js';
import type { Database } from '../../db/schema.js';

/** Records (other than itself) whose references point at this one; a few are enough to explain a refusal. */
export async function findReferrers(
  db: Kysely<Database>,
  entity: EntityName,
  id: string,
  limit = 10,
): Promise<Array<{ entity: EntityName; id: string; path: string }>> {
  const rows = await db
    .selectFrom('bss_record_keys')
    .select(['entity', 'record_id', 'name'])
    .where('target_entity', '=', entity)
    .where('value', '=', id)
    .where((where) => where.or([where('entity', '!=', entity), where('record_id', '!=', id)]))
    .limit(limit)
    .execute();
  return rows.map((row) => ({ entity: row.entity as EntityName, id: row.record_id, path: row.name }));
}
