import type { Kysely } from 'kysely';

// What the sync did, minute by minute, per instance: records synced, failed and waiting (push and pull, change
// feed and runs alike), ConnectWise calls and 429s. Bounded: rows older than a day are pruned as new minutes start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_activity')
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('minute', 'text', (column) => column.notNull())
    .addColumn('synced', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('waiting', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('calls', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('rate_limited', 'integer', (column) => column.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sync_activity_pk', ['instance_id', 'minute'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_activity').execute();
}
