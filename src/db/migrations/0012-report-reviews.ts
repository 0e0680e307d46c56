import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// The connector report's `review` outcome (a company found by name, its identifier another: linked only when a person
// says so) and `warning` (a record in step written an unusual way: a PUT after a PATCH the tenant refused for its own
// stored data). Numbered after main's 0011-report-warnings, which also adds `warning`: listing it again is harmless.
// SQLite cannot change a check constraint in place: its table is rebuilt from its own definition, so the columns
// other migrations added stay.
const widened = ['failed', 'waiting', 'ambiguous', 'conflict', 'warning', 'review'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceOutcomeCheck(db, widened);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sync_report where outcome = 'review'`.execute(db);
  await replaceOutcomeCheck(
    db,
    widened.filter((outcome) => outcome !== 'review'),
  );
}

async function replaceOutcomeCheck(db: Kysely<unknown>, outcomes: string[]): Promise<void> {
  const listed = outcomes.map((outcome) => `'${outcome}'`).join(', ');
  if (dialectOf(db) === 'postgres') {
    await sql`alter table sync_report drop constraint if exists sync_report_outcome_check`.execute(db);
    await sql
      .raw(`alter table sync_report add constraint sync_report_outcome_check check (outcome in (${listed}))`)
      .execute(db);
    return;
  }
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'sync_report'`.execute(db);
  const created = rows[0]?.sql;
  if (!created) throw new Error('migration 0012: the table sync_report is missing');
  const rebuilt = created
    .replace(/^create table "?sync_report"?/i, 'create table "sync_report_rebuilt"')
    .replace(/check \(outcome in \([^)]*\)\)/i, `check (outcome in (${listed}))`);
  if (rebuilt === created || !rebuilt.includes('sync_report_rebuilt')) {
    throw new Error('migration 0012: the definition of sync_report is not the expected one');
  }
  await sql.raw(rebuilt).execute(db);
  await sql`insert into sync_report_rebuilt select * from sync_report`.execute(db);
  await sql`drop table sync_report`.execute(db);
  await sql`alter table sync_report_rebuilt rename to sync_report`.execute(db);
  await sql`create index sync_report_by_last on sync_report (last_failed_at)`.execute(db);
}
