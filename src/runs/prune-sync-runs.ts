import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

/** How long the run log (and the webhook delivery log) is kept: CWSYNC_RETAIN_DAYS, CWSYNC_RETAIN_RUNS. */
export interface RetentionPolicy {
  /** finished runs (with their per-record outcomes) and delivery attempts older than this many days go */
  days: number;
  /** at most this many finished runs are kept, the newest */
  runs: number;
}

export const defaultRetention: RetentionPolicy = { days: 30, runs: 10_000 };

export interface PruneOptions {
  now?: Date;
  /** rows deleted per statement, so a writer never waits long behind the pruning */
  batchSize?: number;
}

const dayMs = 86_400_000;

/**
 * Deletes finished runs past the retention (older than `days`, or beyond the newest `runs`) with their
 * `sync_run_records`, a batch of rows per statement with a pause for other work between statements. A run still
 * running is never touched, however old. Returns how many runs and run records went.
 */
export async function pruneSyncRuns(
  db: Kysely<Database>,
  policy: RetentionPolicy,
  options: PruneOptions = {},
): Promise<{ runs: number; records: number }> {
  const batchSize = options.batchSize ?? 1_000;
  const cutoff = new Date((options.now ?? new Date()).getTime() - policy.days * dayMs).toISOString();
  const firstOverCount = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('status', '<>', 'running')
    .orderBy('id', 'desc')
    .limit(1)
    .offset(policy.runs)
    .executeTakeFirst();
  const pruned = { runs: 0, records: 0 };
  for (;;) {
    const runs = await db
      .selectFrom('sync_runs')
      .select('id')
      .where('status', '<>', 'running')
      .where((eb) =>
        eb.or([
          eb('finished_at', '<', cutoff),
          ...(firstOverCount ? [eb('id', '<=', firstOverCount.id)] : []),
        ]),
      )
      .orderBy('id')
      .limit(100)
      .execute();
    if (runs.length === 0) {
      // PostgreSQL keeps deleted rows until a vacuum marks their space free for new ones; autovacuum may be minutes
      // away, so the table would first grow by what the next runs write. A plain VACUUM does not block writers.
      if (pruned.runs > 0 && dialectOf(db as Kysely<unknown>) === 'postgres') {
        await sql`vacuum sync_run_records, sync_runs`.execute(db);
      }
      return pruned;
    }
    for (const { id } of runs) {
      pruned.records += await deleteRunRecords(db, String(id), batchSize);
      await db.deleteFrom('sync_runs').where('id', '=', id).where('status', '<>', 'running').execute();
      pruned.runs += 1;
    }
  }
}

async function deleteRunRecords(db: Kysely<Database>, runId: string, batchSize: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db
      .deleteFrom('sync_run_records')
      .where('run_id', '=', runId)
      .where((eb) =>
        eb(
          eb.refTuple('module', 'record_id'),
          'in',
          eb
            .selectFrom('sync_run_records')
            .select(['module', 'record_id'])
            .where('run_id', '=', runId)
            .limit(batchSize)
            .$asTuple('module', 'record_id'),
        ),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < batchSize) return deleted;
    // On SQLite a statement holds the only writer's lock: let the jobs in between batches.
    await yieldToEventLoop();
  }
}
