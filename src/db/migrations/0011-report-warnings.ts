import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// The connector report gains a `warning` outcome (a record in step whose write ConnectWise kept differently) and
// the values behind it (`differences`: field, sent, kept). SQLite cannot change a check constraint in place: its
// table is rebuilt.
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildOutcomeCheck(db, ['failed', 'waiting', 'ambiguous', 'conflict', 'warning']);
  await db.schema
    .alterTable('sync_report')
    .addColumn('differences', dialectOf(db) === 'postgres' ? sql`json` : sql`text`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db
    .deleteFrom('sync_report' as never)
    .where(sql`outcome`, '=', 'warning')
    .execute();
  await db.schema.alterTable('sync_report').dropColumn('differences').execute();
  await rebuildOutcomeCheck(db, ['failed', 'waiting', 'ambiguous', 'conflict']);
}

async function rebuildOutcomeCheck(db: Kysely<unknown>, outcomes: string[]): Promise<void> {
  const allowed = sql.join(outcomes.map((outcome) => sql.lit(outcome)));
  if (dialectOf(db) === 'postgres') {
    await sql`alter table sync_report drop constraint sync_report_outcome_check`.execute(db);
    await sql`alter table sync_report add constraint sync_report_outcome_check check (outcome in (${allowed}))`.execute(
      db,
    );
    return;
  }
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'sync_report'`.execute(db);
  const created = rows[0]?.sql;
  if (!created) throw new Error('migration 0011: the table sync_report is missing');
  const rebuilt = created
    .replace(/^create table "?sync_report"?/i, 'create table "sync_report_rebuilt"')
    .replace(
      /check \(outcome in \([^)]*\)\)/i,
      `check (outcome in (${outcomes.map((o) => `'${o}'`).join(', ')}))`,
    );
  if (rebuilt === created || !rebuilt.includes('sync_report_rebuilt')) {
    throw new Error('migration 0011: the definition of sync_report is not the expected one');
  }
  await sql.raw(rebuilt).execute(db);
  await sql`insert into sync_report_rebuilt select * from sync_report`.execute(db);
  await sql`drop table sync_report`.execute(db);
  await sql`alter table sync_report_rebuilt rename to sync_report`.execute(db);
  await sql`create index sync_report_by_last on sync_report (last_failed_at)`.execute(db);
}
