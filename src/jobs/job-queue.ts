import { describeZodError } from '../errors/index.js';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';

/** What a caller asks for: sync work keyed by (kind, instance, module, record). */
export const jobSpecSchema = z.object({
  kind: z.string().min(1).max(100),
  instanceId: z.string().min(1).max(200),
  module: z.string().min(1).max(100),
  recordId: z.string().min(1).max(200),
  payload: z.unknown().optional(),
  runAt: z.date().optional(),
});

export type JobSpec = z.input<typeof jobSpecSchema>;

/** A job as a handler sees it. `attempt` counts from 1 and includes this run. */
export interface Job {
  key: string;
  kind: string;
  instanceId: string;
  module: string;
  recordId: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
}

/** What a job's last writes go through when they commit with its end (`JobContext.complete`). */
export interface JobCompletion {
  /** the transaction that ends the job: the job's own writes go through it */
  db: Kysely<Database>;
  /**
   * Queues a job as `JobQueue.enqueue` does, committed no later than the job's end: in the same transaction on
   * SQLite; on PostgreSQL in a transaction of its own, at once (one transaction holding several keys' locks
   * could deadlock with another).
   */
  enqueue(spec: JobSpec, options?: EnqueueOptions): Promise<void>;
}

export interface JobContext {
  /** Aborted when the queue stops and the job should hand itself back soon. */
  signal: AbortSignal;
  /**
   * Runs `work` in one transaction that also ends the job as done: the job's last writes and its end commit
   * together (on SQLite one commit instead of one per write), or none of them does and the job runs again. The
   * handler calls it last and returns once it resolves; a handler that throws after it has still ended its
   * job. Absent where the runner ends jobs on a connection of its own (graphile-worker): the handler then
   * writes in a transaction of its own and the runner ends the job after it returns.
   */
  complete?(work: (completion: JobCompletion) => Promise<void>): Promise<void>;
  /**
   * Runs `work` in one transaction of the queue's database, its enqueues in it too, without ending the job: a
   * handler that commits its work in parts (a poll, a page of records at a time) writes each part and its
   * progress in one commit, or none of it. Only on SQLite, where the queue and the job's writes share one
   * connection (absent elsewhere: the handler commits each write on its own).
   */
  transaction?<T>(work: (transaction: JobCompletion) => Promise<T>): Promise<T>;
}

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/** A schedule fires with the time it was due. */
export type ScheduleHandler = (firedAt: Date, context: JobContext) => Promise<void>;

export interface KindStats {
  waiting: number;
  running: number;
  failed: number;
}

export interface QueueStats extends KindStats {
  byKind: Record<string, KindStats>;
}

/** A job that used up its attempts, kept for the connector report until `retryFailed` or a new enqueue. */
export interface FailedJob {
  key: string;
  kind: string;
  instanceId: string;
  module: string;
  recordId: string;
  attempts: number;
  lastError: string | null;
}

export interface StartOptions {
  /** Jobs run at the same time by this process (default 1). */
  concurrency?: number;
  /**
   * Jobs claimed and started beyond `concurrency` (default 0; on graphile-worker, job slots of their own). A sync
   * job spends its first milliseconds in database work before its ConnectWise call, and on a busy event loop much
   * longer waiting for a turn; started ahead, that work overlaps the others' calls, so a call slot of the ConnectWise
   * client (sized to `concurrency`, its own limit on calls in flight) finds a request ready the moment it frees.
   */
  claimAhead?: number;
}

/**
 * The durable job queue, the same behaviour on both runners (embedded on the application database, graphile-worker
 * on PostgreSQL):
 * - `enqueue` coalesces per key: a waiting job of the key is updated (payload, run time) instead of adding one; a
 *   key whose job is running gets exactly one follow-up job, which runs after it;
 * - one job per key runs at a time, across every process;
 * - a failed run is retried with capped exponential backoff plus jitter up to `maxAttempts`, then the job is kept
 *   as failed until `retryFailed()` or a new enqueue of its key; a failed run whose key already has a follow-up
 *   waiting is superseded by it and dropped;
 * - a job whose process died is run again once its lease (embedded) or lock (graphile) expires;
 * - `stop()` finishes the jobs in hand, or hands them back when they end on the abort signal.
 */
export interface EnqueueOptions {
  /**
   * What to do when the key already has a waiting job: `replace` its payload and run time (the default), `keep`
   * it as it is, or `merge`: the waiting payload's fields overlaid by this one's (a job queued on another record's
   * behalf, with no payload of its own, leaves the waiting job in the run it was queued for), run at the earlier
   * of the two run times — the job keeps its place in the queue, so an account queued again by its contacts still
   * runs before them instead of after every one of them (which made them wait and run twice).
   */
  ifWaiting?: 'replace' | 'keep' | 'merge';
}

export interface JobQueue {
  readonly runner: 'embedded' | 'graphile';
  enqueue(spec: JobSpec, options?: EnqueueOptions): Promise<void>;
  /** Registers a recurring job (before `start`): every `everyMs` milliseconds or on a 5-field cron expression. */
  schedule(name: string, every: number | string, handler: ScheduleHandler): void;
  start(handlers: JobHandlers, options?: StartOptions): Promise<void>;
  stop(): Promise<void>;
  /** Puts every failed job (of one instance, when named) back to waiting with its attempts reset; resolves to how many. */
  retryFailed(filter?: { instanceId?: string }): Promise<number>;
  stats(): Promise<QueueStats>;
  failed(): Promise<FailedJob[]>;
  /** Releases the queue's own resources (pools) after `stop`. */
  close(): Promise<void>;
  /**
   * Runs `work` while no other process of the queue runs work of the same name: a process that asks meanwhile
   * waits for the other's to end, then runs its own. Work every process would otherwise repeat at once (the change
   * feed: every process is woken by the same write) is then done once, and the later runs find it done. Absent on
   * a runner whose processes do not share such a lock (embedded): the caller runs `work` itself.
   */
  oneAtATime?<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export interface QueueOptions {
  /** Runs per job before it is kept as failed (default 5). */
  maxAttempts?: number;
  /** First retry delay (default 1 s); doubles per attempt up to `maxBackoffMs` (default 10 min), plus jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle runner looks for due jobs (default 500 ms). */
  pollIntervalMs?: number;
  /** Identifies this process in locks (default host:pid:random). */
  workerId?: string;
}

export const queueOptionsSchema = z.object({
  maxAttempts: z.number().int().min(1).max(1000).default(5),
  baseBackoffMs: z.number().int().min(0).default(1000),
  maxBackoffMs: z.number().int().min(0).default(600_000),
  pollIntervalMs: z.number().int().min(1).default(500),
  workerId: z.string().min(1).max(200).optional(),
});

export function parseQueueOptions(options: QueueOptions): z.output<typeof queueOptionsSchema> {
  const result = queueOptionsSchema.safeParse(options);
  if (!result.success) throw new Error(`invalid queue options: ${describeZodError(result.error, '(value)')}`);
  return result.data;
}

export function parseJobSpec(spec: JobSpec): z.output<typeof jobSpecSchema> {
  const result = jobSpecSchema.safeParse(spec);
  if (!result.success) throw new Error(`invalid job: ${describeZodError(result.error, '(value)')}`);
  return result.data;
}

/** The coalescing key. Parts are JSON-encoded so that no separator inside an id can make two keys equal. */
export function jobKeyOf(spec: Pick<Job, 'kind' | 'instanceId' | 'module' | 'recordId'>): string {
  return JSON.stringify([spec.kind, spec.instanceId, spec.module, spec.recordId]);
}
