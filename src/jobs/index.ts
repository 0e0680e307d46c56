export { createEmbeddedQueue, type EmbeddedQueueOptions } from './create-embedded-queue.js';
export { createGraphileQueue, graphileTaskName, type GraphileQueueOptions } from './create-graphile-queue.js';
export {
  jobKeyOf,
  type EnqueueOptions,
  type FailedJob,
  type JobCompletion,
  type Job,
  type JobContext,
  type JobHandler,
  type JobHandlers,
  type JobQueue,
  type JobSpec,
  type KindStats,
  type QueueOptions,
  type QueueStats,
  type ScheduleHandler,
  type StartOptions,
} from './job-queue.js';
export { scheduleKind } from './schedule-jobs.js';
