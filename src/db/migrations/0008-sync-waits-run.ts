import type { Kysely } from 'kysely';

// The run a waiting record belongs to: when its dependency syncs, it is woken into its own run, not the
// dependency's, so each run counts its own records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_waits').addColumn('run_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_waits').dropColumn('run_id').execute();
}
