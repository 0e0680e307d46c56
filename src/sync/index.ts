// The sync runner: the engine wired to the database, the job queue and each instance's ConnectWise.
export { feedChanges, changeFeedCursor } from './change-feeder.js';
export { formatCanary } from './canary/format-canary.js';
export { parseCanary, pushCanary, type CanaryField, type CanaryResult } from './canary/push-canary.js';
export { connectWiseConcurrencyFor, maxConnectWiseConcurrency } from './connectwise-concurrency.js';
export { createSyncService, type SyncService, type SyncServiceOptions } from './create-sync-service.js';
export { defaultRetention, pruneSyncRuns, type RetentionPolicy } from '../runs/index.js';
export {
  dryRunSync,
  formatDryRunPlan,
  type DryRunAction,
  type DryRunDependencies,
  type DryRunEntry,
  type DryRunPlan,
  type DryRunRequest,
  type DryRunSummary,
  type DryRunWrite,
} from './dry-run/index.js';
export {
  createRuntimeCache,
  InstanceDisabledError,
  type InstanceRuntime,
  type RuntimeCache,
  type RuntimeCacheOptions,
} from './instance-runtime.js';
export { pollJobKind, pullJobKind, pushJobKind, type SyncJobPayload } from './job-kinds.js';
export {
  chooseQueueRunner,
  openJobQueue,
  openSyncService,
  type JobQueueChoice,
  type OpenedSyncService,
  type OpenSyncServiceOptions,
  type QueueRunner,
} from './open-sync-service.js';
export {
  createPollJobHandler,
  defaultPollOverlapMs,
  pollCursorName,
  type PollCheckpoint,
  type PollJobDependencies,
  type PollJobOptions,
} from './poll-job.js';
export {
  createPushPreviewer,
  previewCreatedId,
  previewPush,
  type PreviewWrite,
  type PushPreview,
} from './dry-run/index.js';
export { pullAndFile } from './pull-job.js';
export { RetryableSyncError, type SyncJobDependencies } from './push-job.js';
export { createStoreRecordReader, createStoreRecordWriter } from './store-record-ports.js';
export { createSyncState, type SyncState, type WaitingRecord } from './sync-state.js';
export {
  runProgress,
  settleRun,
  settleRunningRuns,
  startRun,
  type RunProgress,
  type RunRequest,
} from '../runs/index.js';
export { createWaitedRunSettler, type WaitedRunSettler } from '../runs/index.js';
