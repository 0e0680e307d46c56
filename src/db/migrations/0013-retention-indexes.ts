import { sql, type Kysely } from 'kysely';

// What pruning looks for (src/sync/prune-sync-runs.ts, src/webhooks/webhook-delivery-log.ts): finished runs
// by age, delivery attempts by age, found by index rather than by reading the tables through.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index sync_runs_finished on sync_runs (status, finished_at)`.execute(db);
  await sql`create index webhook_deliveries_at on webhook_deliveries (at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists webhook_deliveries_at`.execute(db);
  await sql`drop index if exists sync_runs_finished`.execute(db);
}
