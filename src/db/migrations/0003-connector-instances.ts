import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Connector instances (one per ConnectWise tenant), their synchronization lookups, and the engine's snapshot of
// each link: what cwsync last wrote to ConnectWise and the BSS values both sides agreed on.
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const json = postgres ? sql`json` : sql`text`;

  await db.schema
    .createTable('connector_instances')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('site_url', 'text', (column) => column.notNull())
    .addColumn('company_id', 'text', (column) => column.notNull())
    // Sealed with the SecretBox (AES-256-GCM): never stored or read back in plain text.
    .addColumn('public_key', 'text', (column) => column.notNull())
    .addColumn('private_key', 'text', (column) => column.notNull())
    .addColumn('client_id', 'text', (column) => column.notNull())
    .addColumn('api_version', 'text', (column) => column.notNull())
    .addColumn('server_variables', json, (column) => column.notNull())
    .addColumn('sync_options', json, (column) => column.notNull())
    .addColumn('enabled', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('sync_lookups')
    .addColumn('instance_id', 'text', (column) =>
      column.notNull().references('connector_instances.id').onDelete('cascade'),
    )
    .addColumn('lookup', 'text', (column) => column.notNull())
    .addColumn('internal_id', 'text', (column) => column.notNull())
    .addColumn('internal_name', 'text')
    .addColumn('integration_id', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_lookups_pk', ['instance_id', 'lookup', 'internal_id'])
    .execute();
  await db.schema
    .createIndex('sync_lookups_by_integration_id')
    .on('sync_lookups')
    .columns(['instance_id', 'lookup', 'integration_id'])
    .execute();

  // record_links stays keyed by (instance_id, entity, record_id); the engine's module is the BSS entity.
  await db.schema.alterTable('record_links').addColumn('pushed_body', json).execute();
  await db.schema.alterTable('record_links').addColumn('bss_values', json).execute();
  await db.schema.alterTable('record_links').addColumn('connectwise_last_updated', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['connectwise_last_updated', 'bss_values', 'pushed_body']) {
    await db.schema.alterTable('record_links').dropColumn(column).execute();
  }
  await db.schema.dropTable('sync_lookups').execute();
  await db.schema.dropTable('connector_instances').execute();
}
