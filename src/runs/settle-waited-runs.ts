import { scheduleKind, type JobQueue } from '../jobs/index.js';
import { settleRun, type SyncRunDependencies } from './sync-runs.js';

export interface WaitedRunSettler {
  /** Finishes each run whose every record has a final outcome. */
  settle(runIds: readonly string[]): Promise<void>;
  /**
   * Looks at the queue: once it has held no job of the sync's kinds for `idlePasses` looks in a row, the runs
   * still running can no longer move and are finished as they stand.
   */
  settleIfIdle(runIds: readonly string[]): Promise<void>;
}

/**
 * The settling policy of a process that runs the jobs of the runs it waits for (`cwsync sync --wait`). A run
 * whose records can no longer move — its jobs coalesced into others, or waiting for a record that will not sync
 * — would otherwise wait for the ten idle minutes `settleRunningRuns` gives runs nobody watches; here it is
 * finished as it stands as soon as this process has no job of `kinds` left (schedules aside).
 */
export function createWaitedRunSettler(
  deps: Pick<SyncRunDependencies, 'db' | 'state' | 'reports'>,
  queue: Pick<JobQueue, 'stats'>,
  kinds: readonly string[],
  idlePasses = 2,
): WaitedRunSettler {
  let idleLooks = 0;
  return {
    async settle(runIds) {
      for (const runId of runIds) await settleRun(deps, runId);
    },
    async settleIfIdle(runIds) {
      const stats = await queue.stats();
      const left = kinds
        .filter((kind) => kind !== scheduleKind)
        .reduce(
          (sum, kind) => sum + (stats.byKind[kind]?.waiting ?? 0) + (stats.byKind[kind]?.running ?? 0),
          0,
        );
      idleLooks = left === 0 ? idleLooks + 1 : 0;
      if (idleLooks < idlePasses) return;
      for (const runId of runIds) await settleRun(deps, runId, { force: true });
    },
  };
}
