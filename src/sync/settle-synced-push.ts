import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { InStepClear } from '../report/index.js';
import type { Waiter, WaitingRecord } from './sync-state.js';

/**
 * A push that got its record into ConnectWise (created, linked, updated, unchanged) ends with its report row
 * removed, its own waits replaced by what it still awaits (an account's first push awaits its primary contact), and
 * a look for the records that wait for it. In a transaction that was five to seven round trips on PostgreSQL, each a
 * write and a wake-up of both processes. Here they are one statement (a writable `with`: the deletes, the waits
 * filed and the look in one snapshot, all or nothing like the transaction they replace). The look answers who waits:
 * waking them (a queued job each) is the caller's, and only then are their waits removed (`forgetWokenWaits`).
 *
 * The look cannot see the writes (one snapshot), and needs not: it reads the waits *for* this record, the writes are
 * the waits *of* it. The own waits kept are those it still awaits (not deleted, then upserted: one statement may not
 * touch a row twice); the upsert stamps them anew, as the delete and insert it replaces did.
 */
const settleSql = `with cleared_report as (
  delete from sync_report
  where $5::boolean and instance_id = $1 and module = $2 and record_id = $3 and direction = $4
    and ($6::boolean or outcome <> 'warning')
), awaited as (
  select distinct waits_for_module, waits_for_record
  from unnest($7::text[], $8::text[]) as awaited (waits_for_module, waits_for_record)
), cleared_waits as (
  delete from sync_waits as own
  where instance_id = $1 and direction = $4 and module = $2 and record_id = $3
    and not exists (
      select 1 from awaited
      where awaited.waits_for_module = own.waits_for_module and awaited.waits_for_record = own.waits_for_record
    )
), filed_waits as (
  insert into sync_waits (instance_id, direction, module, record_id, waits_for_module, waits_for_record, run_id, created_at)
  select $1, $4, $2, $3, waits_for_module, waits_for_record, null, $9 from awaited
  on conflict (instance_id, direction, waits_for_module, waits_for_record, module, record_id)
  do update set run_id = null, created_at = excluded.created_at
)
select module, record_id, run_id from sync_waits
where instance_id = $1 and direction = $4 and waits_for_module = $2 and waits_for_record = $3
order by module, record_id`;

/**
 * PostgreSQL only (a writable `with`): settles a push in step outside a run, files that it awaits `awaiting` (no
 * run), and answers the records that wait for it.
 */
export async function settleSyncedPush(
  db: Kysely<Database>,
  instanceId: string,
  module: string,
  recordId: string,
  clear: InStepClear,
  awaiting: readonly WaitingRecord[] = [],
  now: () => Date = () => new Date(),
): Promise<Waiter[]> {
  const { rows } = await db.executeQuery<{ module: string; record_id: string; run_id: string | null }>(
    CompiledQuery.raw(settleSql, [
      instanceId,
      module,
      recordId,
      'push',
      clear !== 'keep',
      clear === 'clear',
      awaiting.map((record) => record.module),
      awaiting.map((record) => record.recordId),
      now().toISOString(),
    ]),
  );
  return rows.map((row) => ({
    module: row.module,
    recordId: row.record_id,
    ...(row.run_id !== null ? { runId: row.run_id } : {}),
  }));
}

/** Only the waits that were woken, each of its own run or of none: one filed meanwhile by a later run stays. */
const forgetWokenSql = `delete from sync_waits as wait
using unnest($4::text[], $5::text[], $6::text[]) as woken (module, record_id, run_id)
where wait.instance_id = $1 and wait.direction = 'push' and wait.waits_for_module = $2
  and wait.waits_for_record = $3 and wait.module = woken.module and wait.record_id = woken.record_id
  and wait.run_id is not distinct from woken.run_id`;

/**
 * Removes the waits for a record of the records just woken for it (their jobs queued), in one statement: what
 * `SyncState.wakeWaiters` removes one by one after each wake-up. A process killed before this leaves the waits, to be
 * woken again when the job runs again (a wake-up queued twice merges into one job).
 */
export async function forgetWokenWaits(
  db: Kysely<Database>,
  instanceId: string,
  dependency: WaitingRecord,
  woken: readonly Waiter[],
): Promise<void> {
  if (woken.length === 0) return;
  await db.executeQuery(
    CompiledQuery.raw(forgetWokenSql, [
      instanceId,
      dependency.module,
      dependency.recordId,
      woken.map((waiter) => waiter.module),
      woken.map((waiter) => waiter.recordId),
      woken.map((waiter) => waiter.runId ?? null),
    ]),
  );
}
