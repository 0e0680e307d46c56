import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The id of the instance with this id or name, without opening its keys (a command that only filters by it). */
export async function findInstanceId(db: Kysely<Database>, idOrName: string): Promise<string | undefined> {
  const byId = await db
    .selectFrom('connector_instances')
    .select('id')
    .where('id', '=', idOrName)
    .executeTakeFirst();
  if (byId) return byId.id;
  const byName = await db
    .selectFrom('connector_instances')
    .select('id')
    .where('name', '=', idOrName)
    .executeTakeFirst();
  return byName?.id;
}
