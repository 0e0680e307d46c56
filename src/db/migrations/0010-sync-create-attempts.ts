import type { Kysely } from 'kysely';

// A create whose outcome is not known yet: written before the create of a record that has no key of its own to be
// looked up by (an invoice payment, an agreement addition), removed once the record is linked or ConnectWise
// answered with an error. A push that finds one looks for the record before creating it again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_create_attempts')
    .addColumn('instance_id', 'text', (column) =>
      column.notNull().references('connector_instances.id').onDelete('cascade'),
    )
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('attempted_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_create_attempts_pk', ['instance_id', 'module', 'record_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_create_attempts').execute();
}
