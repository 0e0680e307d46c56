// cwsync's enqueue on graphile-worker as one PostgreSQL function, so that queueing a job is one round trip instead of
// six (begin, drop a failed job of the key, hold the key's row, read a waiting job, add_job, commit): at 1.9
// enqueues per record pushed, those round trips were a quarter of a worker's statements.

/**
 * The function's name carries its version: processes of two versions may share a database while a fleet is
 * upgraded, and each must keep calling the body it was written for. Change the body: change the name.
 */
export const enqueueFunctionName = 'cwsync_enqueue_v1';

/** Several enqueues in one call and one transaction (versioned as `enqueueFunctionName` is). */
export const enqueueGroupFunctionName = 'cwsync_enqueue_group_v1';

/**
 * The SQL that creates the function in `schema`. One transaction, in this order:
 * - a failed job of the key is superseded by the new work (graphile would keep it beside the new job);
 * - the key's job row is held: graphile's add_job clears the key of a running job, then upserts, and a worker that
 *   locked the waiting job between those two steps made the upsert a no-op and lost this enqueue. Workers take
 *   jobs `for update skip locked`, so while this row is held none can take it;
 * - `keep-waiting`: a waiting job of the key stays untouched (graphile's own modes would replace its payload);
 * - `merge`: a waiting job's payload is overlaid field by field (`mergePayloads` in schedule-jobs.ts, in SQL) and
 *   the merged job keeps the earlier run time, its place in the queue, as on the embedded runner;
 * - graphile's add_job: the job key coalesces, the queue name serializes the key's jobs.
 */
export function enqueueFunctionSql(schema: string): string {
  const jobs = `"${schema}"._private_jobs`;
  return `
create or replace function "${schema}".${enqueueFunctionName}(
  p_task text, p_key text, p_envelope jsonb, p_queue text, p_run_at timestamptz, p_max_attempts int, p_mode text
) returns void language plpgsql as $body$
declare
  v_waiting record;
  v_envelope jsonb := p_envelope;
  v_run_at timestamptz := p_run_at;
  v_next jsonb;
  v_held jsonb;
begin
  delete from ${jobs} where key = p_key and locked_at is null and attempts >= max_attempts;
  perform 1 from ${jobs} where key = p_key for update;
  if p_mode <> 'replace' then
    select payload, run_at into v_waiting from ${jobs}
     where key = p_key and locked_at is null and attempts < max_attempts;
    if found then
      if p_mode = 'keep-waiting' then
        return;
      end if;
      v_next := coalesce(p_envelope -> 'payload', 'null'::jsonb);
      v_held := coalesce(v_waiting.payload::jsonb -> 'payload', 'null'::jsonb);
      v_envelope := jsonb_set(v_envelope, '{payload}', case
        when jsonb_typeof(v_next) = 'null' then v_held
        when jsonb_typeof(v_next) = 'object' and jsonb_typeof(v_held) = 'object' then v_held || v_next
        else v_next end);
      v_run_at := least(v_run_at, v_waiting.run_at);
    end if;
  end if;
  perform "${schema}".add_job(p_task, v_envelope::json, p_queue, v_run_at, p_max_attempts, p_key, null::int,
    null::text[], case when p_mode = 'keep-waiting' then 'preserve_run_at' else 'replace' end);
end
$body$`;
}

/**
 * The SQL that creates the group's function in `schema`: each enqueue as `enqueueFunctionName` makes it, in the
 * order given, in the caller's one transaction — one commit, so one turn at PostgreSQL's NOTIFY lock (every
 * transaction that sends a notice, and graphile's add_job sends `jobs:insert`, commits holding a cluster-wide
 * lock, through its WAL flush: with one enqueue per transaction the workers' enqueues committed one after another).
 *
 * A group holds several keys' rows at once, and graphile ends a batch of jobs in one statement that takes their
 * rows in its own order: the two could deadlock, and graphile does not retry a batch of ends that PostgreSQL
 * aborted (its jobs stay locked until their worker is declared dead). So the group never waits long for a lock:
 * each enqueue runs in a subtransaction under `p_lock_wait` (`lock_timeout`), or half of PostgreSQL's
 * `deadlock_timeout` (1 s by default) where that is shorter, and an enqueue that waited longer is rolled back alone
 * and returned, with every later one of its key (they must stay after it), for the caller to make alone. The group
 * ends before anyone's deadlock check runs, so no one else is ever the deadlock's victim. The caller orders the
 * group by key (two groups take rows in one order) and keeps it small: past 64 subtransactions a transaction slows
 * every other's snapshots.
 */
export function enqueueGroupFunctionSql(schema: string): string {
  return `
create or replace function "${schema}".${enqueueGroupFunctionName}(
  p_task text, p_keys text[], p_envelopes jsonb[], p_queues text[], p_run_ats timestamptz[], p_max_attempts int,
  p_modes text[], p_lock_wait text
) returns int[] language plpgsql as $body$
declare
  v_lock_timeout text := current_setting('lock_timeout');
  v_left int[] := '{}';
  v_left_key text;
begin
  -- never more than half this server's deadlock check: a group must give way before anyone's check runs
  perform set_config('lock_timeout', greatest(1, floor(1000 * least(extract(epoch from p_lock_wait::interval),
    extract(epoch from current_setting('deadlock_timeout')::interval) / 2)))::int || 'ms', true);
  for i in 1 .. coalesce(array_length(p_keys, 1), 0) loop
    if p_keys[i] = v_left_key then
      v_left := v_left || i;
      continue;
    end if;
    begin
      perform "${schema}".${enqueueFunctionName}(p_task, p_keys[i], p_envelopes[i], p_queues[i], p_run_ats[i],
        p_max_attempts, p_modes[i]);
    exception when lock_not_available then
      v_left := v_left || i;
      v_left_key := p_keys[i];
    end;
  end loop;
  perform set_config('lock_timeout', v_lock_timeout, true);
  return v_left;
end
$body$`;
}

/**
 * Creates (or replaces) the functions. `create or replace` is not safe against itself (two processes starting
 * together clash on PostgreSQL's catalog): it runs under a transaction-level advisory lock, one at a time.
 */
export function installEnqueueFunctionSql(schema: string): string {
  return `do $install$ begin
  perform pg_advisory_xact_lock(hashtext('${enqueueFunctionName}:' || current_database()));
  execute ${dollarQuoted(enqueueFunctionSql(schema))};
  execute ${dollarQuoted(enqueueGroupFunctionSql(schema))};
end $install$`;
}

function dollarQuoted(text: string): string {
  if (text.includes('$text$')) throw new Error('the function body may not contain $text$');
  return `$text$${text}$text$`;
}
