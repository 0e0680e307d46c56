import { sql, type Kysely } from 'kysely';

// The embedded queue claims "the first due job by run_at, then id": with id in the index, the database walks it
// in that order and stops at the first row, instead of sorting every waiting job on each claim.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index sync_jobs_due`.execute(db);
  await sql`create index sync_jobs_due on sync_jobs (state, run_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index sync_jobs_due`.execute(db);
  await sql`create index sync_jobs_due on sync_jobs (state, run_at)`.execute(db);
}
