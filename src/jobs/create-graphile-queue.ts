import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  Logger,
  makeWorkerUtils,
  run,
  type JobHelpers,
  type Runner,
  type Task,
  type WorkerEvents,
  type WorkerUtils,
} from 'graphile-worker';
import type { PoolClient } from 'pg';
import { schemaMigrationLock } from '../db/schema-migration-lock.js';
import { z } from 'zod';
import { backoffDelay } from '../shared/index.js';
import { describeError } from './describe-error.js';
import {
  enqueueFunctionName,
  enqueueGroupFunctionName,
  installEnqueueFunctionSql,
} from './graphile-enqueue-function.js';
import { claimOneAtATime } from './graphile-claim-turns.js';
import { createGraphileLiveness, type GraphileLiveness } from './graphile-liveness.js';
import { lookAgainAfterJobEnds } from './graphile-look-again.js';
import {
  jobKeyOf,
  parseJobSpec,
  parseQueueOptions,
  type FailedJob,
  type Job,
  type JobHandlers,
  type JobQueue,
  type JobSpec,
  type QueueOptions,
  type QueueStats,
  type StartOptions,
} from './job-queue.js';
import {
  enqueueModeOf,
  scheduleHandler,
  scheduleKind,
  seedSchedules,
  validateSchedule,
  type EnqueueMode,
  type ScheduleEntry,
} from './schedule-jobs.js';
import { tallyStats } from './tally-stats.js';

/** graphile-worker's task every cwsync job runs under; the job's own kind is in its payload. */
export const graphileTaskName = 'cwsync.job';

export interface GraphileQueueOptions extends QueueOptions {
  connectionString: string;
  /** graphile-worker's own schema (default `graphile_worker`). */
  schema?: string;
  /** How long `stop()` waits for jobs in hand before aborting them (default 30 s). */
  stopGraceMs?: number;
  /** How often to look for jobs whose worker died (graphile releases locks older than 4 hours). */
  resetLockedIntervalMs?: number;
  /**
   * How long a worker may miss its heartbeat before another process frees its jobs (default 60 s): a killed
   * worker's jobs run again after this, not after graphile's 4 hours.
   */
  deadWorkerAfterMs?: number;
  /** told when the jobs of workers that stopped beating were freed */
  onDeadWorkers?: (workerIds: string[]) => void;
  /**
   * How long graphile gathers the ends of finished jobs before writing them in one statement (default
   * `graphileCompleteBatchMs`). `stop()` writes what is gathered before it resolves.
   */
  completeBatchMs?: number;
}

/**
 * graphile writes the ends of the jobs finished within this many milliseconds in one statement (its
 * `completeJobBatchDelay`, and `failJobBatchDelay` for runs that failed): at 0 nearly every job's end was a statement
 * of its own. A slot does not wait for it (it claims its next job at once); what waits is the job's named queue, so
 * the keys of its bucket and a follow-up of the key, by at most this long. A graceful stop writes the batch before
 * it ends (`test/jobs/graphile-queues.test.ts`); a worker killed in the meantime leaves those jobs to run again
 * once its heartbeat is missed, as a kill during the job would (a finished push finds its link: no call).
 */
export const graphileCompleteBatchMs = 10;

/**
 * Most enqueues written in one statement: each is a subtransaction of the group's, and past 64 of them PostgreSQL's
 * snapshots of every other transaction get slower while the group is open (`enqueueGroupFunctionSql`).
 */
const maxEnqueueGroup = 50;

/**
 * The longest a group's enqueue waits for a lock before it is left to be made alone: far below PostgreSQL's
 * `deadlock_timeout` (1 s by default; the function waits half of that where it is shorter), so that a group in a
 * deadlock gives way before anyone's deadlock check.
 */
const enqueueGroupLockWait = '100ms';

/** An enqueue waiting for its group to be written. */
interface PendingEnqueue {
  key: string;
  /** the job's envelope, as JSON */
  envelope: string;
  /** ISO time */
  runAt: string;
  mode: EnqueueMode;
  done(): void;
  failed(error: unknown): void;
}

/** How long, past the batch's delay, a job's end takes to be written (one round trip, with room for a busy pool). */
const graphileEndWrittenMs = 15;

const envelopeSchema = z.object({
  kind: z.string(),
  instanceId: z.string(),
  module: z.string(),
  recordId: z.string(),
  payload: z.unknown(),
  /** Runs used up by earlier jobs of this retry chain (graphile's own count restarts with each re-added job). */
  priorAttempts: z.number().int().min(0),
  lastError: z.string().nullable().optional(),
});
type Envelope = z.infer<typeof envelopeSchema>;

/**
 * How many graphile queues the keys are spread over. graphile runs the jobs of a named queue one at a time, which
 * is what keeps two jobs of one key from running at once; but every `get_job` locks every queue row that is free
 * (`for update skip locked`, a hashed subplan): with a queue per key that was one row per record ever queued, so
 * each claim cost O(records) of PostgreSQL's time (~4 ms at 2 000) and a claim made meanwhile by another worker
 * found every queue locked and nothing to do. A fixed number of queues bounds both; two keys of one queue wait for
 * each other, so the number is well above the jobs a fleet runs at once.
 */
export const graphileQueueCount = 256;

/** The advisory lock under which a process migrates graphile-worker's schema `schema`. */
function migrationLockName(schema: string): string {
  return `cwsync:graphile-migrate:${schema}`;
}

/** The advisory lock under which `oneAtATime` runs the work named `name`. */
function oneAtATimeLockName(schema: string, name: string): string {
  return `cwsync:one-at-a-time:${schema}:${name}`;
}

/** The graphile queue of a key: the same key always lands in the same queue, so its jobs run one at a time. */
export function queueNameOf(key: string): string {
  const bucket = createHash('sha1').update(key).digest().readUInt32BE(0) % graphileQueueCount;
  return `cwsync:${bucket}`;
}

const quietLogger = new Logger(() => (level, message) => {
  // A failed run is recorded in the jobs table (and `failed()`); graphile's own line for it would be noise.
  if (level === 'error' && !message.startsWith('Failed task')) console.error(`graphile-worker: ${message}`);
});

/** The scale-out runner: graphile-worker on PostgreSQL, any number of processes, same behaviour as the embedded. */
export function createGraphileQueue(options: GraphileQueueOptions): JobQueue {
  const settings = parseQueueOptions(options);
  const completeBatchMs = options.completeBatchMs ?? graphileCompleteBatchMs;
  if (!Number.isInteger(completeBatchMs) || completeBatchMs < 0)
    throw new Error('completeBatchMs: must be a whole number ≥ 0');
  const schema = options.schema ?? 'graphile_worker';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`schema "${schema}": must be a lower-case identifier`);
  const connection = { connectionString: options.connectionString, schema, logger: quietLogger };
  const jobs = `"${schema}"._private_jobs`;
  const tasks = `"${schema}"._private_tasks`;
  // Named statements, prepared once per connection as graphile names its own (1.6 enqueues per record pushed, each
  // parsed and planned again when unnamed). The names carry the schema, as graphile's own names do.
  const enqueueStatement = `select "${schema}".${enqueueFunctionName}($1::text, $2::text, $3::jsonb, $4::text, $5::timestamptz, $6::int, $7::text)`;
  const enqueueGroupStatement = `select "${schema}".${enqueueGroupFunctionName}($1::text, $2::text[], $3::jsonb[], $4::text[], $5::timestamptz[], $6::int, $7::text[], $8::text) as left_over`;
  const schedules: ScheduleEntry[] = [];
  let utilsPromise: Promise<WorkerUtils> | undefined;
  let runner: Runner | undefined;
  let handlers: JobHandlers = {};
  let gcTimer: NodeJS.Timeout | undefined;
  let liveness: GraphileLiveness | undefined;

  function utils(): Promise<WorkerUtils> {
    utilsPromise ??= (async () => {
      const workerUtils = await makeWorkerUtils(connection);
      // graphile's own migrate is optimistic: two processes starting on a new database (serve and its workers)
      // each run the migrations the other has not recorded yet, and one ran an early migration against a table a
      // later one had already changed ("column job_count of relation job_queues does not exist": serve stopped,
      // seen in the scale-out benchmark). One process at a time, under a session advisory lock.
      // And not while the application's migrations run (`schemaMigrationLock`: Kysely's lists every schema's tables);
      // the schema's own lock is kept, which processes of earlier versions take.
      await workerUtils.withPgClient(async (client) => {
        await client.query('select pg_advisory_lock(hashtext($1))', [schemaMigrationLock]);
        await client.query('select pg_advisory_lock(hashtext($1))', [migrationLockName(schema)]);
        try {
          await workerUtils.migrate();
          await client.query(installEnqueueFunctionSql(schema));
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [migrationLockName(schema)]);
          await client.query('select pg_advisory_unlock(hashtext($1))', [schemaMigrationLock]);
        }
      });
      return workerUtils;
    })();
    return utilsPromise;
  }

  /**
   * The enqueues made while a group is being written, or in the same turn of the event loop (the feeder queues a
   * batch of changes at once; jobs ending together queue their wake-ups), are written together: one statement,
   * one transaction, one commit — one turn at PostgreSQL's NOTIFY lock for the group, where each enqueue alone
   * took one (`enqueueGroupFunctionSql`). An enqueue that met a key's row held too long is made alone after the
   * group (the group gives way, never deadlocks graphile's batched job ends). A group that fails is written again
   * one by one, so only an enqueue at fault fails.
   */
  const pendingEnqueues: PendingEnqueue[] = [];
  let writingEnqueues = false;

  async function writeAlone(entry: PendingEnqueue): Promise<void> {
    await (
      await utils()
    ).withPgClient((client) =>
      client.query({
        name: `${enqueueFunctionName}/${schema}`,
        text: enqueueStatement,
        values: [
          graphileTaskName,
          entry.key,
          entry.envelope,
          queueNameOf(entry.key),
          entry.runAt,
          settings.maxAttempts,
          entry.mode,
        ],
      }),
    );
  }

  /** Writes `ordered` as one group; answers the enqueues it left to be made alone, in their order. */
  async function writeGroup(ordered: readonly PendingEnqueue[]): Promise<PendingEnqueue[]> {
    const result = await (
      await utils()
    ).withPgClient((client) =>
      client.query<{ left_over: number[] | null }>({
        name: `${enqueueGroupFunctionName}/${schema}`,
        text: enqueueGroupStatement,
        values: [
          graphileTaskName,
          ordered.map((entry) => entry.key),
          ordered.map((entry) => entry.envelope),
          ordered.map((entry) => queueNameOf(entry.key)),
          ordered.map((entry) => entry.runAt),
          settings.maxAttempts,
          ordered.map((entry) => entry.mode),
          enqueueGroupLockWait,
        ],
      }),
    );
    return (result.rows[0]?.left_over ?? []).map((position) => ordered[position - 1]!);
  }

  async function writePendingEnqueues(): Promise<void> {
    try {
      while (pendingEnqueues.length > 0) {
        // By key (a stable sort keeps one key's enqueues in their order): two groups take the keys' rows in one order.
        const group = pendingEnqueues
          .splice(0, maxEnqueueGroup)
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        let alone = group;
        if (group.length > 1) {
          try {
            // what met a lock held too long comes back (with every later enqueue of its key)
            const leftOver = await writeGroup(group);
            for (const entry of group) if (!leftOver.includes(entry)) entry.done();
            alone = leftOver;
          } catch {
            // written again one by one below, so that only an enqueue at fault fails
          }
        }
        for (const entry of alone) await writeAlone(entry).then(entry.done, entry.failed);
      }
    } finally {
      writingEnqueues = false;
    }
  }

  async function enqueueWithMode(input: JobSpec, mode: EnqueueMode): Promise<void> {
    const spec = parseJobSpec(input);
    const key = jobKeyOf(spec);
    const envelope: Envelope = {
      kind: spec.kind,
      instanceId: spec.instanceId,
      module: spec.module,
      recordId: spec.recordId,
      payload: spec.payload ?? null,
      priorAttempts: 0,
    };
    await new Promise<void>((done, failed) => {
      pendingEnqueues.push({
        key,
        envelope: JSON.stringify(envelope),
        runAt: (spec.runAt ?? new Date()).toISOString(),
        mode,
        done: () => done(),
        failed,
      });
      if (!writingEnqueues) {
        writingEnqueues = true;
        setImmediate(() => void writePendingEnqueues());
      }
    });
  }

  /** graphile's own add_job: `jobKey` coalesces, the key's queue (`queueNameOf`) serializes. */
  async function addJob(
    client: PoolClient,
    envelope: Envelope,
    spec: { runAt: Date; maxAttempts: number; mode: 'replace' | 'preserve_run_at' },
  ): Promise<void> {
    const key = jobKeyOf(envelope);
    await client.query(
      `select "${schema}".add_job($1::text, $2::json, $3::text, $4::timestamptz, $5::int, $6::text, null::int, null::text[], $7::text)`,
      [
        graphileTaskName,
        JSON.stringify(envelope),
        queueNameOf(key),
        spec.runAt.toISOString(),
        spec.maxAttempts,
        key,
        spec.mode,
      ],
    );
  }

  /** After a failed run, in one transaction holding the key's row: supersede, keep as failed, or re-add a retry. */
  async function afterFailure(
    helpers: JobHelpers,
    envelope: Envelope,
    attempt: number,
    handedBack: boolean,
    message: string,
  ): Promise<'superseded' | 'failed' | 'retried'> {
    const key = jobKeyOf(envelope);
    return helpers.withPgClient(async (client) => {
      await client.query('begin');
      try {
        const holder = await client.query<{ id: string }>(
          `select id from ${jobs} where key = $1 for update`,
          [key],
        );
        const holderId = holder.rows[0]?.id;
        let decision: 'superseded' | 'failed' | 'retried';
        if (holderId !== undefined && String(holderId) !== String(helpers.job.id)) {
          decision = 'superseded'; // a follow-up with newer work is waiting
        } else if (!handedBack && attempt >= settings.maxAttempts) {
          // graphile keeps a job whose attempts reached max_attempts: that is our "failed".
          await client.query(`update ${jobs} set max_attempts = greatest(attempts, 1) where id = $1`, [
            helpers.job.id,
          ]);
          decision = 'failed';
        } else {
          const prior = handedBack ? Math.max(0, attempt - 1) : attempt;
          const delay = handedBack
            ? 0
            : backoffDelay(
                attempt,
                { baseDelayMs: settings.baseBackoffMs, maxDelayMs: settings.maxBackoffMs },
                'equal',
              );
          const next: Envelope = {
            ...envelope,
            priorAttempts: prior,
            lastError: handedBack ? envelope.lastError : message,
          };
          await addJob(client, next, {
            runAt: new Date(Date.now() + delay),
            maxAttempts: Math.max(1, settings.maxAttempts - prior),
            mode: 'replace',
          });
          if (handedBack) {
            // Stopping: graphile may not record this job's end before its pool closes; end it here, and free the
            // key's queue so that another worker runs the handed-back job now rather than after graphile's 4 hours.
            await client.query(
              `update "${schema}"._private_job_queues set locked_at = null, locked_by = null
                where id = (select job_queue_id from ${jobs} where id = $1)`,
              [helpers.job.id],
            );
            await client.query(`delete from ${jobs} where id = $1`, [helpers.job.id]);
          }
          decision = 'retried';
        }
        await client.query('commit');
        return decision;
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    });
  }

  const task: Task = async (rawPayload, helpers) => {
    if (helpers.job.locked_by) liveness?.noteWorker(helpers.job.locked_by);
    const parsed = envelopeSchema.safeParse(rawPayload);
    if (!parsed.success) throw new Error(`job ${helpers.job.id}: payload is not a cwsync job envelope`);
    const envelope = parsed.data;
    const attempt = envelope.priorAttempts + helpers.job.attempts;
    const job: Job = {
      key: jobKeyOf(envelope),
      kind: envelope.kind,
      instanceId: envelope.instanceId,
      module: envelope.module,
      recordId: envelope.recordId,
      payload: envelope.payload,
      attempt,
      maxAttempts: settings.maxAttempts,
    };
    try {
      const handler = handlers[envelope.kind];
      if (handler === undefined) throw new Error(`kind "${envelope.kind}": no handler is registered`);
      await handler(job, { signal: helpers.abortSignal });
    } catch (error) {
      const message = describeError(error);
      const decision = await afterFailure(helpers, envelope, attempt, helpers.abortSignal.aborted, message);
      if (decision === 'failed') throw new Error(message);
    }
  };

  async function query<T extends object>(text: string, values: unknown[]): Promise<T[]> {
    return (await utils()).withPgClient(async (client) => (await client.query<T>(text, values)).rows);
  }

  const failedCondition = 'j.locked_at is null and j.attempts >= j.max_attempts';

  const queue: JobQueue = {
    runner: 'graphile',
    enqueue: (spec, options) => enqueueWithMode(spec, enqueueModeOf(options?.ifWaiting)),
    schedule(name, every, handler) {
      if (runner !== undefined) throw new Error(`schedule "${name}": must be registered before start()`);
      const entry = { name, every, handler };
      validateSchedule(schedules, entry);
      schedules.push(entry);
    },
    async start(jobHandlers: JobHandlers, startOptions: StartOptions = {}) {
      if (runner !== undefined) throw new Error('the queue is already started');
      const concurrency = startOptions.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new Error('concurrency: must be a whole number ≥ 1');
      const claimAhead = startOptions.claimAhead ?? 0;
      if (!Number.isInteger(claimAhead) || claimAhead < 0)
        throw new Error('claimAhead: must be a whole number ≥ 0');
      handlers = { ...jobHandlers };
      if (schedules.length > 0) {
        handlers[scheduleKind] = scheduleHandler(schedules, enqueueWithMode);
        await seedSchedules(schedules, enqueueWithMode);
      }
      await utils();
      const resetLocked = options.resetLockedIntervalMs ?? 60_000;
      // Empty queue rows (those of the per-key queues of earlier versions, and buckets gone idle): every worker
      // collects them once a day (cheap, idempotent; a timer rather than a job so that it never shows in the stats).
      gcTimer = setInterval(() => {
        utils()
          .then((workerUtils) => workerUtils.cleanup({ tasks: ['GC_JOB_QUEUES'] }))
          .catch(() => undefined);
      }, 86_400_000);
      gcTimer.unref();
      liveness = createGraphileLiveness({
        schema,
        query,
        ...(options.deadWorkerAfterMs !== undefined ? { deadAfterMs: options.deadWorkerAfterMs } : {}),
        ...(options.onDeadWorkers ? { onFreed: options.onDeadWorkers } : {}),
      });
      await liveness.start();
      const events: WorkerEvents = new EventEmitter();
      runner = await run({
        ...connection,
        events,
        forbiddenFlags: claimOneAtATime(events),
        // graphile has no claims apart from its job slots: the jobs claimed ahead are slots of their own
        concurrency: concurrency + claimAhead,
        pollInterval: settings.pollIntervalMs,
        noHandleSignals: true,
        gracefulShutdownAbortTimeout: options.stopGraceMs ?? 30_000,
        minResetLockedInterval: resetLocked,
        maxResetLockedInterval: resetLocked * 2,
        taskList: { [graphileTaskName]: task },
        // Batched completion (any delay ≥ 0) is written by a graceful shutdown before it ends; graphile's direct path
        // (a delay of -1) may still be in flight when stop() resolves, which would leave a finished job looking locked.
        preset: { worker: { completeJobBatchDelay: completeBatchMs, failJobBatchDelay: completeBatchMs } },
      });
      // a job queued behind one that just ended is taken once that end is written, not at the next poll
      lookAgainAfterJobEnds(runner, completeBatchMs + graphileEndWrittenMs);
    },
    async stop() {
      const current = runner;
      runner = undefined;
      if (gcTimer !== undefined) clearInterval(gcTimer);
      if (current === undefined) return;
      await current.stop();
      await current.promise.catch(() => undefined);
      // after the jobs in hand are finished or handed back: nothing of ours is locked any more
      await liveness?.stop();
      liveness = undefined;
    },
    async retryFailed(filter) {
      const ofInstance = filter?.instanceId === undefined ? '' : ` and j.payload->>'instanceId' = $3`;
      const rows = await query<{ count: string }>(
        `with superseded as (
           delete from ${jobs} j using ${tasks} t
            where t.id = j.task_id and t.identifier = $1 and ${failedCondition} and j.key is null${ofInstance}
         ), revived as (
           update ${jobs} j
              set attempts = 0, max_attempts = $2, run_at = now(), updated_at = now(),
                  payload = (j.payload::jsonb || '{"priorAttempts":0}'::jsonb)::json
             from ${tasks} t
            where t.id = j.task_id and t.identifier = $1 and ${failedCondition} and j.key is not null${ofInstance}
           returning 1
         )
         select count(*) as count from revived`,
        [
          graphileTaskName,
          settings.maxAttempts,
          ...(filter?.instanceId === undefined ? [] : [filter.instanceId]),
        ],
      );
      return Number(rows[0]?.count ?? 0);
    },
    async stats(): Promise<QueueStats> {
      const rows = await query<{ kind: string; state: 'waiting' | 'running' | 'failed'; count: string }>(
        `select j.payload->>'kind' as kind,
                case when j.locked_at is not null then 'running'
                     when j.attempts >= j.max_attempts then 'failed' else 'waiting' end as state,
                count(*) as count
           from ${jobs} j join ${tasks} t on t.id = j.task_id
          where t.identifier = $1
          group by 1, 2`,
        [graphileTaskName],
      );
      return tallyStats(rows.map((row) => ({ kind: row.kind, state: row.state, count: Number(row.count) })));
    },
    async failed(): Promise<FailedJob[]> {
      const rows = await query<{ payload: unknown; attempts: number; last_error: string | null }>(
        `select j.payload, j.attempts, j.last_error from ${jobs} j join ${tasks} t on t.id = j.task_id
          where t.identifier = $1 and ${failedCondition} order by j.id`,
        [graphileTaskName],
      );
      return rows.flatMap((row) => {
        const parsed = envelopeSchema.safeParse(row.payload);
        if (!parsed.success) return [];
        const envelope = parsed.data;
        return [
          {
            key: jobKeyOf(envelope),
            kind: envelope.kind,
            instanceId: envelope.instanceId,
            module: envelope.module,
            recordId: envelope.recordId,
            attempts: envelope.priorAttempts + row.attempts,
            lastError: row.last_error,
          },
        ];
      });
    },
    async oneAtATime(name, work) {
      // A transaction's advisory lock: it ends with the transaction, or with the session if the connection breaks,
      // so no lock outlives its work (a session lock left by a failed unlock would hold it for the pool's life).
      return (await utils()).withPgClient(async (client) => {
        await client.query('begin');
        try {
          await client.query('select pg_advisory_xact_lock(hashtext($1))', [
            oneAtATimeLockName(schema, name),
          ]);
          return await work();
        } finally {
          await client.query('commit');
        }
      });
    },
    async close() {
      await queue.stop();
      const pending = utilsPromise;
      utilsPromise = undefined;
      if (pending !== undefined) await (await pending).release();
    },
  };
  return queue;
}
