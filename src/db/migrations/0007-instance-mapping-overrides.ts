import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// An instance's customised mapping (field expressions that replace, add to or leave out the connector's own).
export async function up(db: Kysely<unknown>): Promise<void> {
  const json = dialectOf(db) === 'postgres' ? sql`json` : sql`text`;
  await db.schema
    .alterTable('connector_instances')
    .addColumn('mapping_overrides', json, (column) => column.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('connector_instances').dropColumn('mapping_overrides').execute();
}
