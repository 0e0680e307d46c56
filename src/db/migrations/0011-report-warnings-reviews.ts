import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Two more kinds of connector-report row: `warning` (the write went through, but not the usual way: a PUT after a
// PATCH the tenant refused for its own stored data) and `review` (a company found by name whose identifier differs,
// linked only when a person says so). SQLite cannot change a check constraint, so its table is rebuilt.
const widened = sql`outcome in ('failed', 'waiting', 'ambiguous', 'conflict', 'warning', 'review')`;
const original = sql`outcome in ('failed', 'waiting', 'ambiguous', 'conflict')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceOutcomeCheck(db, widened);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sync_report where outcome in ('warning', 'review')`.execute(db);
  await replaceOutcomeCheck(db, original);
}

async function replaceOutcomeCheck(db: Kysely<unknown>, check: ReturnType<typeof sql>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table sync_report drop constraint if exists sync_report_outcome_check`.execute(db);
    await sql`alter table sync_report add constraint sync_report_outcome_check check (${check})`.execute(db);
    return;
  }
  await db.schema
    .createTable('sync_report_next')
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('direction', 'text', (column) => column.notNull().check(sql`direction in ('push', 'pull')`))
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text', (column) => column.notNull().check(check))
    .addColumn('field', 'text')
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('connectwise', 'text')
    .addColumn('candidates', 'text')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('first_failed_at', 'text', (column) => column.notNull())
    .addColumn('last_failed_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_report_pk', ['instance_id', 'module', 'record_id', 'direction'])
    .execute();
  await sql`insert into sync_report_next select * from sync_report`.execute(db);
  await sql`drop table sync_report`.execute(db);
  await sql`alter table sync_report_next rename to sync_report`.execute(db);
  await sql`create index sync_report_by_last on sync_report (last_failed_at)`.execute(db);
}
