import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { InStepClear } from '../report/index.js';

/**
 * A push that got its record into ConnectWise (created, linked, updated, unchanged) ends, in the common case, with
 * three writes and reads: its report row removed, its own waits removed, and a look for the records that wait for
 * it. In a transaction that was four round trips on PostgreSQL (`begin` rides with the first statement, then each
 * statement and `commit` alone), each a write and a wake-up of both processes: a quarter of a worker's round trips
 * per record. Here the three are one statement (a writable `with`: both deletes and the look in one snapshot, all or
 * nothing like the transaction they replace). The look answers only whether anyone waits: waking them (a queued job
 * each, then their waits removed) stays `SyncState.wakeWaiters`, for the caller to run when this says so.
 *
 * The look cannot see the deletes (one snapshot), and needs not: it reads the waits *for* this record, the delete
 * removes the waits *of* it.
 */
const settleSql = `with cleared_report as (
  delete from sync_report
  where $5::boolean and instance_id = $1 and module = $2 and record_id = $3 and direction = $4
    and ($6::boolean or outcome <> 'warning')
), cleared_waits as (
  delete from sync_waits where instance_id = $1 and direction = $4 and module = $2 and record_id = $3
)
select exists (
  select 1 from sync_waits
  where instance_id = $1 and direction = $4 and waits_for_module = $2 and waits_for_record = $3
) as waited_for`;

/** PostgreSQL only (a writable `with`); answers whether any record waits for this one. */
export async function settleSyncedPush(
  db: Kysely<Database>,
  instanceId: string,
  module: string,
  recordId: string,
  clear: InStepClear,
): Promise<{ waitedFor: boolean }> {
  const { rows } = await db.executeQuery<{ waited_for: boolean }>(
    CompiledQuery.raw(settleSql, [instanceId, module, recordId, 'push', clear !== 'keep', clear === 'clear']),
  );
  return { waitedFor: rows[0]?.waited_for === true };
}
