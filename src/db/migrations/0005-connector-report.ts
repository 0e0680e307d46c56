import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// The connector report (records not in step) and the run log. Times are ISO-8601 UTC text written by Node.
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const json = postgres ? sql`json` : sql`text`;
  await db.schema
    .createTable('sync_report')
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('direction', 'text', (column) => column.notNull().check(sql`direction in ('push', 'pull')`))
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text', (column) =>
      column.notNull().check(sql`outcome in ('failed', 'waiting', 'ambiguous', 'conflict')`),
    )
    .addColumn('field', 'text')
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('connectwise', json)
    .addColumn('candidates', json)
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('first_failed_at', 'text', (column) => column.notNull())
    .addColumn('last_failed_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_report_pk', ['instance_id', 'module', 'record_id', 'direction'])
    .execute();
  await sql`create index sync_report_by_last on sync_report (last_failed_at)`.execute(db);

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (column) =>
      postgres ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('direction', 'text', (column) => column.notNull().check(sql`direction in ('push', 'pull')`))
    .addColumn('trigger', 'text', (column) =>
      column.notNull().check(sql`"trigger" in ('schedule', 'manual', 'callback', 'retry')`),
    )
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (column) =>
      column.notNull().check(sql`status in ('running', 'succeeded', 'failed')`),
    )
    .addColumn('counts', json)
    .execute();
  await sql`create index sync_runs_by_instance on sync_runs (instance_id, started_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_runs').ifExists().execute();
  await db.schema.dropTable('sync_report').ifExists().execute();
}
