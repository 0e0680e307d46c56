import type { ForbiddenFlagsFn, WorkerEvents } from 'graphile-worker';

/**
 * The workers (job slots) of a process ask graphile for a job one at a time: the next asks once the answer to the
 * one before has come.
 *
 * graphile's `get_job` locks every free named queue (`for update skip locked`) until it commits, and cwsync puts
 * every job in a named queue (`queueNameOf`, the per-key lock). Two `get_job`s at once therefore do not share the
 * waiting jobs out: the later one finds every queue locked by the earlier one and answers "no job", and its slot
 * sleeps until a notification, the look again (`graphile-look-again.ts`) or the poll, with jobs waiting. One at a
 * time, the later one waits the earlier's round trip instead and gets the next job. (Across processes it can still
 * happen; each process has at most one `get_job` in flight.)
 *
 * graphile 0.17 has no hook around `get_job`; `forbiddenFlags` is asked, and awaited, right before each, and every
 * `get_job` ends in exactly one of `job:start`, `worker:getJob:empty` and `worker:getJob:error`, emitted at once.
 * Returns the `forbiddenFlags` to give graphile; `events` must be graphile's before its workers start.
 */
export function claimOneAtATime(events: WorkerEvents): ForbiddenFlagsFn {
  let asking = false;
  const waiting: Array<() => void> = [];
  const answered = () => {
    const next = waiting.shift();
    if (next === undefined) asking = false;
    else next();
  };
  events.on('job:start', answered);
  events.on('worker:getJob:empty', answered);
  events.on('worker:getJob:error', answered);
  return () => {
    if (!asking) {
      asking = true;
      return null; // no flag is forbidden: the turn is this slot's now
    }
    return new Promise<null>((resolve) => waiting.push(() => resolve(null)));
  };
}
