// The runs' one home: the run log (sync_runs, sync_run_records), a run's life — started, counted, settled — and
// how long the log is kept.
export {
  defaultRetention,
  pruneSyncRuns,
  type PruneOptions,
  type RetentionPolicy,
} from './prune-sync-runs.js';
export { createRunLog, type RunLog } from './run-log.js';
export type { RunCounts, RunStart, RunStatus, RunTrigger, SyncRun } from './run-types.js';
export { createWaitedRunSettler, type WaitedRunSettler } from './settle-waited-runs.js';
export {
  runProgress,
  setExpected,
  settleRun,
  settleRunningRuns,
  startRun,
  type RunProgress,
  type RunRequest,
  type SyncRunDependencies,
} from './sync-runs.js';
