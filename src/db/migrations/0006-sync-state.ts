import { sql, type Kysely } from 'kysely';

// The sync engine's own state: which record waits for which (so a dependency's success wakes its dependents),
// the change-feed and pull cursors per instance, and the latest outcome of each record in each run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_waits')
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('waits_for_module', 'text', (column) => column.notNull())
    .addColumn('waits_for_record', 'text', (column) => column.notNull())
    .addColumn('direction', 'text', (column) => column.notNull().check(sql`direction in ('push', 'pull')`))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_waits_pk', [
      'instance_id',
      'direction',
      'waits_for_module',
      'waits_for_record',
      'module',
      'record_id',
    ])
    .execute();

  await db.schema
    .createTable('sync_cursors')
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_cursors_pk', ['instance_id', 'name'])
    .execute();

  await db.schema
    .createTable('sync_run_records')
    .addColumn('run_id', 'text', (column) => column.notNull())
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text', (column) => column.notNull())
    .addColumn('at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_run_records_pk', ['run_id', 'module', 'record_id'])
    .execute();
  await db.schema.alterTable('sync_runs').addColumn('expected', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_runs').dropColumn('expected').execute();
  await db.schema.dropTable('sync_run_records').ifExists().execute();
  await db.schema.dropTable('sync_cursors').ifExists().execute();
  await db.schema.dropTable('sync_waits').ifExists().execute();
}
