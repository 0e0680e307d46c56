import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  // json (not jsonb) keeps the record text as written, key order included; nothing queries inside it.
  const json = postgres ? sql`json` : sql`text`;
  // Byte order on PostgreSQL too, so cursor paging by id sorts the same way on both databases.
  const idType = postgres ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('bss_records')
    .addColumn('entity', 'text', (column) => column.notNull())
    .addColumn('id', idType, (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('data', json, (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('bss_records_pk', ['entity', 'id'])
    .execute();

  await db.schema
    .createTable('bss_record_keys')
    .addColumn('entity', 'text', (column) => column.notNull())
    .addColumn('record_id', idType, (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('target_entity', 'text')
    .addPrimaryKeyConstraint('bss_record_keys_pk', ['entity', 'record_id', 'name', 'value'])
    .execute();
  await db.schema
    .createIndex('bss_record_keys_by_value')
    .on('bss_record_keys')
    .columns(['entity', 'name', 'value'])
    .execute();
  await db.schema
    .createIndex('bss_record_keys_by_target')
    .on('bss_record_keys')
    .columns(['target_entity', 'value'])
    .execute();

  await db.schema
    .createTable('bss_record_changes')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (column) =>
      postgres ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn('entity', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('origin', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('record', json)
    .addColumn('actor', 'text')
    .addColumn('at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('bss_record_changes_by_origin')
    .on('bss_record_changes')
    .columns(['origin', 'seq'])
    .execute();

  await db.schema
    .createTable('record_links')
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('entity', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('integration_id', 'text', (column) => column.notNull())
    .addColumn('linked_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('record_links_pk', ['instance_id', 'entity', 'record_id'])
    .addUniqueConstraint('record_links_integration_id_unique', ['instance_id', 'entity', 'integration_id'])
    .execute();
  await db.schema
    .createIndex('record_links_by_record')
    .on('record_links')
    .columns(['entity', 'record_id'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'api_tokens',
    'record_links',
    'bss_record_changes',
    'bss_record_keys',
    'bss_records',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
