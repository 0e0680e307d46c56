// cwsync's enqueue on graphile-worker as one PostgreSQL function, so that queueing a job is one round trip instead of
// six (begin, drop a failed job of the key, hold the key's row, read a waiting job, add_job, commit): at 1.9
// enqueues per record pushed, those round trips were a quarter of a worker's statements.

/**
 * The function's name carries its version: processes of two versions may share a database while a fleet is
 * upgraded, and each must keep calling the body it was written for. Change the body: change the name.
 */
export const enqueueFunctionName = 'cwsync_enqueue_v1';

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
 * Creates (or replaces) the function. `create or replace` is not safe against itself (two processes starting
 * together clash on PostgreSQL's catalog): it runs under a transaction-level advisory lock, one at a time.
 */
export function installEnqueueFunctionSql(schema: string): string {
  return `do $install$ begin
  perform pg_advisory_xact_lock(hashtext('${enqueueFunctionName}:' || current_database()));
  execute ${dollarQuoted(enqueueFunctionSql(schema))};
end $install$`;
}

function dollarQuoted(text: string): string {
  if (text.includes('$text$')) throw new Error('the function body may not contain $text$');
  return `$text$${text}$text$`;
}
