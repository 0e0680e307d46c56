import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// The embedded job queue (src/jobs/create-embedded-queue.ts). Times are ISO-8601 UTC text written by Node, so they
// compare the same way on both databases.
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('sync_jobs')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (column) =>
      postgres ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn('job_key', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('module', 'text', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('payload', postgres ? sql`json` : sql`text`)
    .addColumn('state', 'text', (column) =>
      column.notNull().check(sql`state in ('waiting', 'running', 'failed')`),
    )
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (column) => column.notNull())
    .addColumn('run_at', 'text', (column) => column.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  // At most one waiting job per key: enqueue coalesces into it (insert … on conflict on this index).
  await sql`create unique index sync_jobs_waiting_key on sync_jobs (job_key) where state = 'waiting'`.execute(
    db,
  );
  await sql`create index sync_jobs_due on sync_jobs (state, run_at)`.execute(db);
  await sql`create index sync_jobs_by_key on sync_jobs (job_key, state)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_jobs').ifExists().execute();
}
