import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import { queryTemplate } from '../db/query-template.js';
import type { Database } from '../db/schema.js';
import { backoffDelay } from '../shared/index.js';
import { describeError } from './describe-error.js';
import {
  jobKeyOf,
  parseJobSpec,
  parseQueueOptions,
  type FailedJob,
  type Job,
  type JobCompletion,
  type JobHandlers,
  type JobQueue,
  type JobSpec,
  type QueueOptions,
  type QueueStats,
  type StartOptions,
} from './job-queue.js';
import {
  enqueueModeOf,
  mergePayloads,
  scheduleHandler,
  scheduleKind,
  seedSchedules,
  validateSchedule,
  type EnqueueMode,
  type ScheduleEntry,
} from './schedule-jobs.js';
import { tallyStats } from './tally-stats.js';

export interface EmbeddedQueueOptions extends QueueOptions {
  /** How long a claimed job stays ours without a heartbeat before another process may run it (default 60 s). */
  leaseMs?: number;
  /** How long `stop()` waits for the jobs in hand before aborting them, and again before handing them back. */
  stopGraceMs?: number;
}

interface ClaimedRow {
  id: string | number;
  job_key: string;
  kind: string;
  instance_id: string;
  module: string;
  record_id: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

type ParsedSpec = ReturnType<typeof parseJobSpec>;

interface PendingEnqueue {
  spec: ParsedSpec;
  mode: EnqueueMode;
  done(): void;
  failed(error: unknown): void;
}

/** Most enqueues written in one transaction. */
const maxEnqueueGroup = 500;

type Outcome = { type: 'done' } | { type: 'failed'; error: string } | { type: 'handed-back' };

/** Deletes the failed job of a key (an enqueue supersedes it). */
const failedJobOfKey = queryTemplate<unknown, [string]>(1, (db, key) =>
  db.deleteFrom('sync_jobs').where('job_key', '=', key!).where('state', '=', 'failed'),
);

/** A job's end: its row removed, if it is still ours (a lease that ran out gave it to another process). */
const endOfJob = queryTemplate<unknown, [string | number, string]>(2, (db, id, worker) =>
  db.deleteFrom('sync_jobs').where('id', '=', id!).where('locked_by', '=', worker!),
);

type UpsertVariant = EnqueueMode | 'merge-nothing';

/** An enqueue's upsert of the key's waiting job, one compiled statement per way of meeting a waiting job. */
function upsertJobTemplate(variant: UpsertVariant) {
  type Args = [string, string, string, string, string, unknown, number, string, string, string];
  return queryTemplate<unknown, Args>(10, (db, ...values) => {
    const [jobKey, kind, instanceId, module, recordId, payload, maxAttempts, runAt, createdAt, updatedAt] =
      values as [string, string, string, string, string, string, string, string, string, string];
    return db
      .insertInto('sync_jobs')
      .values({
        job_key: jobKey,
        kind,
        instance_id: instanceId,
        module,
        record_id: recordId,
        payload,
        state: 'waiting',
        attempts: 0,
        max_attempts: maxAttempts as unknown as number,
        run_at: runAt,
        created_at: createdAt,
        updated_at: updatedAt,
      })
      .onConflict((conflict) => {
        // The predicate must be written as in the index (not as a parameter) for SQLite to match it.
        const target = conflict.column('job_key').where(sql<boolean>`state = 'waiting'`);
        return variant === 'keep-waiting'
          ? target.doNothing()
          : target.doUpdateSet((eb) => ({
              payload: variant === 'merge-nothing' ? eb.ref('sync_jobs.payload') : eb.ref('excluded.payload'),
              // A merged job keeps its place in the queue (the earlier run time): work queued on another
              // record's behalf must not push it behind the records that wait for it.
              run_at:
                variant === 'merge' || variant === 'merge-nothing'
                  ? sql<string>`case when sync_jobs.run_at < excluded.run_at then sync_jobs.run_at else excluded.run_at end`
                  : eb.ref('excluded.run_at'),
              max_attempts: eb.ref('excluded.max_attempts'),
              attempts: 0,
              last_error: null,
              updated_at: eb.ref('excluded.updated_at'),
            }));
      });
  });
}

const upsertJob: Record<UpsertVariant, ReturnType<typeof upsertJobTemplate>> = {
  replace: upsertJobTemplate('replace'),
  'keep-waiting': upsertJobTemplate('keep-waiting'),
  merge: upsertJobTemplate('merge'),
  'merge-nothing': upsertJobTemplate('merge-nothing'),
};

/** The in-process runner on the application database (SQLite or PostgreSQL): see `JobQueue` for the behaviour. */
export function createEmbeddedQueue(db: Kysely<Database>, options: EmbeddedQueueOptions = {}): JobQueue {
  const settings = parseQueueOptions(options);
  const leaseMs = options.leaseMs ?? 60_000;
  const stopGraceMs = options.stopGraceMs ?? 30_000;
  if (!Number.isInteger(leaseMs) || leaseMs < 100) throw new Error('leaseMs: must be a whole number ≥ 100');
  const postgres = dialectOf(db as Kysely<unknown>) === 'postgres';
  const analyzeAfterEnqueues = 2_000;
  const workerId = settings.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const schedules: ScheduleEntry[] = [];
  const inHand = new Map<string, { row: ClaimedRow; controller: AbortController; settled: Promise<void> }>();
  let handlers: JobHandlers | undefined;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** A wake-up that came while the poll loop was not asleep (claiming): it looks again before sleeping. */
  let wokenMeanwhile = false;

  const nowIso = () => new Date().toISOString();
  const wakeUp = () => {
    if (wake) wake();
    else wokenMeanwhile = true;
  };

  async function lockKey(trx: Transaction<Database>, key: string): Promise<void> {
    // PostgreSQL: serialize enqueue and the end of a run per key (SQLite's write lock already does).
    if (postgres) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  }

  // PostgreSQL plans the claim from the table's statistics: after a burst of enqueues (a full sync run queues
  // 40 000 jobs in a minute, before autovacuum looks) it believes the table holds a handful of jobs and sorts all
  // of them on every claim (355 ms at 37 000 jobs) instead of walking the index. Enough new jobs refresh them.
  let enqueuedSinceAnalyze = 0;
  let analyzing: Promise<unknown> | undefined;
  function noteEnqueued(): void {
    if (!postgres) return;
    enqueuedSinceAnalyze += 1;
    if (enqueuedSinceAnalyze < analyzeAfterEnqueues || analyzing) return;
    enqueuedSinceAnalyze = 0;
    analyzing = sql`analyze sync_jobs`
      .execute(db)
      .catch(() => undefined)
      .finally(() => (analyzing = undefined));
  }

  /** One enqueue's statements, in the caller's transaction. */
  async function writeEnqueue(
    trx: Transaction<Database>,
    spec: ParsedSpec,
    mode: EnqueueMode,
  ): Promise<void> {
    const key = jobKeyOf(spec);
    const now = nowIso();
    const row = {
      job_key: key,
      kind: spec.kind,
      instance_id: spec.instanceId,
      module: spec.module,
      record_id: spec.recordId,
      payload: writeJsonColumn(spec.payload ?? null),
      state: 'waiting' as const,
      attempts: 0,
      max_attempts: settings.maxAttempts,
      run_at: (spec.runAt ?? new Date()).toISOString(),
      created_at: now,
      updated_at: now,
    };
    // Merging nothing into a waiting job keeps its payload: the upsert below does that without reading it.
    const mergesNothing = mode === 'merge' && (spec.payload === undefined || spec.payload === null);
    const readsWaiting = mode === 'merge' && !mergesNothing;
    // A failed job of the key is superseded by the new work: on SQLite the upsert's trigger deletes it (migration
    // 0017), unless the waiting job is read first — then the delete takes SQLite's write lock before that read, so
    // the transaction never has to upgrade a read to a write another process got to first.
    if (postgres || readsWaiting) await failedJobOfKey(trx, key);
    await lockKey(trx, key);
    if (readsWaiting) {
      const waiting = await trx
        .selectFrom('sync_jobs')
        .select('payload')
        .where('job_key', '=', key)
        .where('state', '=', 'waiting')
        .executeTakeFirst();
      if (waiting)
        row.payload = writeJsonColumn(mergePayloads(readJsonColumn(waiting.payload), spec.payload));
    }
    const upsert = upsertJob[mergesNothing ? 'merge-nothing' : mode];
    await upsert(
      trx,
      row.job_key,
      row.kind,
      row.instance_id,
      row.module,
      row.record_id,
      row.payload,
      row.max_attempts,
      row.run_at,
      row.created_at,
      row.updated_at,
    );
  }

  /**
   * SQLite: the enqueues made while one group is being written (or in the same turn of the event loop: the
   * feeder queues a batch of changes at once) are written together, in one transaction and one commit — a
   * group that fails is written again one by one, so only an enqueue at fault fails. PostgreSQL: one
   * transaction each (a group would hold several keys' advisory locks at once).
   */
  const pendingEnqueues: PendingEnqueue[] = [];
  let writingEnqueues = false;

  async function writeEnqueues(group: readonly PendingEnqueue[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      for (const entry of group) await writeEnqueue(trx, entry.spec, entry.mode);
    });
  }

  async function writePendingEnqueues(): Promise<void> {
    try {
      while (pendingEnqueues.length > 0) {
        const group = pendingEnqueues.splice(0, maxEnqueueGroup);
        try {
          await writeEnqueues(group);
          for (const entry of group) entry.done();
        } catch {
          for (const entry of group) await writeEnqueues([entry]).then(entry.done, entry.failed);
        }
        wakeUp();
      }
    } finally {
      writingEnqueues = false;
    }
  }

  async function enqueueWithMode(input: JobSpec, mode: EnqueueMode): Promise<void> {
    const spec = parseJobSpec(input);
    if (postgres) {
      await writeEnqueues([{ spec, mode, done: () => undefined, failed: () => undefined }]);
      noteEnqueued();
      wakeUp();
      return;
    }
    await new Promise<void>((done, failed) => {
      pendingEnqueues.push({ spec, mode, done: () => done(), failed });
      if (!writingEnqueues) {
        writingEnqueues = true;
        setImmediate(() => void writePendingEnqueues());
      }
    });
  }

  // Jobs whose process died are looked for at most this often while due jobs keep coming (and whenever none is
  // due): a lease runs for a minute, so a second more costs nothing, and a busy queue saves a query per job.
  const expiredLookEveryMs = Math.min(1_000, Math.floor(leaseMs / 4));
  let expiredLookedAt = 0;

  /**
   * Claims up to `most` jobs in one statement (one commit on SQLite instead of one per job): first jobs whose
   * process died (their lease ran out), then due waiting jobs whose key is not running. A key has at most one
   * waiting job, so the jobs of one claim are of different keys.
   */
  async function claim(kinds: string[], most: number): Promise<ClaimedRow[]> {
    if (kinds.length === 0 || most < 1) return [];
    const lookForExpired = async (limit: number) => {
      expiredLookedAt = Date.now();
      return claimAll(kinds, 'expired', limit);
    };
    if (Date.now() - expiredLookedAt >= expiredLookEveryMs) {
      const expired = await lookForExpired(most);
      if (expired.length >= most) return expired;
      return [...expired, ...(await claimAll(kinds, 'due', most - expired.length))];
    }
    const due = await claimAll(kinds, 'due', most);
    return due.length > 0 ? due : lookForExpired(most);
  }

  type ClaimCondition = 'expired' | 'due';
  const claimStatements = new Map<string, CompiledQuery<ClaimedRow>>();

  /**
   * The claim of one condition over `kinds`, compiled once: a job whose process died, or the first due waiting
   * jobs whose key is not running. Each walks an index in order and stops at its limit: one query with an OR of
   * both would scan and sort every waiting job on each claim (24 ms at 40 000 jobs on SQLite).
   */
  function claimStatement(kinds: string[], condition: ClaimCondition) {
    const key = `${condition}\u0000${kinds.join('\u0000')}`;
    const cached = claimStatements.get(key);
    if (cached !== undefined) return cached;
    // Placeholders, in the order of the statement's parameters: worker, lease end, now (set), now (condition).
    const [worker, until, now, limit] = ['\u0000worker', '\u0000until', '\u0000now', '\u0000limit'];
    const where =
      condition === 'expired'
        ? sql`j.state = 'running' and j.locked_until < ${now}`
        : sql`j.state = 'waiting' and j.run_at <= ${now}
      and not exists (select 1 from sync_jobs r where r.job_key = j.job_key and r.state = 'running')`;
    const picked = sql`select j.id from sync_jobs j
          where ${where} and j.kind in (${sql.join(kinds)})
          order by j.state, j.run_at, j.id
          limit ${limit}`;
    const set = sql`update sync_jobs
         set state = 'running', attempts = attempts + 1, locked_by = ${worker}, locked_until = ${until},
             updated_at = ${now}`;
    const returning = sql`returning id, job_key, kind, instance_id, module, record_id, payload, attempts, max_attempts`;
    // PostgreSQL: the picked rows locked and skipped by other claimers, and picked once (materialized) so that the
    // limit holds whatever plan the update takes.
    const statement = (
      postgres
        ? sql`with picked as materialized (${picked} for update skip locked)
          ${set} where id in (select id from picked) ${returning}`
        : sql`${set} where id in (${picked}) ${returning}`
    ).compile(db) as CompiledQuery<ClaimedRow>;
    claimStatements.set(key, statement);
    return statement;
  }

  async function claimAll(kinds: string[], condition: ClaimCondition, most: number): Promise<ClaimedRow[]> {
    const statement = claimStatement(kinds, condition);
    const now = nowIso();
    const values: Record<string, unknown> = {
      '\u0000worker': workerId,
      '\u0000until': new Date(Date.now() + leaseMs).toISOString(),
      '\u0000now': now,
      '\u0000limit': most,
    };
    const parameters = statement.parameters.map((parameter) =>
      typeof parameter === 'string' && parameter in values ? values[parameter] : parameter,
    );
    return (await db.executeQuery<ClaimedRow>({ ...statement, parameters })).rows;
  }

  async function finish(row: ClaimedRow, outcome: Outcome): Promise<void> {
    if (outcome.type === 'done') {
      await endOfJob(db, row.id, workerId);
      return;
    }
    await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const mine = await trx
        .updateTable('sync_jobs')
        .set({ updated_at: now })
        .where('id', '=', row.id)
        .where('locked_by', '=', workerId)
        .where('state', '=', 'running')
        .executeTakeFirst();
      if (Number(mine.numUpdatedRows) === 0) return; // the lease expired and another process took the job
      await lockKey(trx, row.job_key);
      const followUp = await trx
        .selectFrom('sync_jobs')
        .select('id')
        .where('job_key', '=', row.job_key)
        .where('state', '=', 'waiting')
        .executeTakeFirst();
      const mineOnly = trx.updateTable('sync_jobs').where('id', '=', row.id);
      if (followUp !== undefined) {
        // Newer work for the same key is waiting: it supersedes this run.
        await trx.deleteFrom('sync_jobs').where('id', '=', row.id).execute();
      } else if (outcome.type === 'handed-back') {
        await mineOnly
          .set({
            state: 'waiting',
            attempts: Math.max(0, row.attempts - 1),
            run_at: now,
            locked_by: null,
            locked_until: null,
          })
          .execute();
      } else if (row.attempts >= row.max_attempts) {
        await mineOnly
          .set({ state: 'failed', last_error: outcome.error, locked_by: null, locked_until: null })
          .execute();
      } else {
        const delay = backoffDelay(
          row.attempts,
          { baseDelayMs: settings.baseBackoffMs, maxDelayMs: settings.maxBackoffMs },
          'equal',
        );
        await mineOnly
          .set({
            state: 'waiting',
            last_error: outcome.error,
            run_at: new Date(Date.now() + delay).toISOString(),
            locked_by: null,
            locked_until: null,
          })
          .execute();
      }
    });
  }

  /** `JobContext.complete`: the handler's last writes, its enqueues (SQLite) and the job's end, one transaction. */
  async function completeIn(row: ClaimedRow, work: (completion: JobCompletion) => Promise<void>) {
    let enqueued = false;
    await db.transaction().execute(async (trx) => {
      await work({
        db: trx,
        enqueue: async (input, options) => {
          const mode = enqueueModeOf(options?.ifWaiting);
          if (postgres) return enqueueWithMode(input, mode);
          await writeEnqueue(trx, parseJobSpec(input), mode);
          enqueued = true;
        },
      });
      // Not ours any more (the lease ran out and another process took it): its end is that process's to write.
      await endOfJob(trx, row.id, workerId);
    });
    if (enqueued) wakeUp();
  }

  /** `JobContext.transaction` (SQLite): the handler's writes and enqueues in one transaction, the job still running. */
  async function inTransaction<T>(work: (transaction: JobCompletion) => Promise<T>): Promise<T> {
    let enqueued = false;
    const result = await db.transaction().execute((trx) =>
      work({
        db: trx,
        enqueue: async (input, options) => {
          await writeEnqueue(trx, parseJobSpec(input), enqueueModeOf(options?.ifWaiting));
          enqueued = true;
        },
      }),
    );
    if (enqueued) wakeUp();
    return result;
  }

  async function runJob(row: ClaimedRow, controller: AbortController): Promise<void> {
    const job: Job = {
      key: row.job_key,
      kind: row.kind,
      instanceId: row.instance_id,
      module: row.module,
      recordId: row.record_id,
      payload: readJsonColumn(row.payload),
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
    };
    const heartbeat = setInterval(
      () => {
        db.updateTable('sync_jobs')
          .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
          .where('id', '=', row.id)
          .where('locked_by', '=', workerId)
          .execute()
          .catch(() => undefined); // a missed beat only shortens the lease; the next one retries
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    let outcome: Outcome;
    let completed = false;
    try {
      if (row.attempts > row.max_attempts) {
        throw new Error(`the process running the job stopped ${row.attempts - 1} times before it finished`);
      }
      const handler = handlers?.[row.kind];
      if (handler === undefined) throw new Error(`kind "${row.kind}": no handler is registered`);
      await handler(job, {
        signal: controller.signal,
        complete: async (work) => {
          await completeIn(row, work);
          completed = true;
        },
        ...(postgres ? {} : { transaction: inTransaction }),
      });
      outcome = { type: 'done' };
    } catch (error) {
      outcome = controller.signal.aborted
        ? { type: 'handed-back' }
        : { type: 'failed', error: describeError(error) };
    } finally {
      clearInterval(heartbeat);
    }
    if (completed) return;
    try {
      await finish(row, outcome);
    } catch {
      // The lease runs out and the job is run again: nothing is lost.
    }
  }

  /**
   * Claims and starts jobs while fewer than `concurrency` + `claimAhead` run here, as many at once as are free.
   * With jobs claimed ahead the hand is refilled once a third of them are free (or fewer than `concurrency` jobs
   * run): the jobs still ahead keep the job slots busy, and one claim (one commit) starts several.
   */
  async function pollLoop(concurrency: number, claimAhead: number): Promise<void> {
    const kinds = Object.keys(handlers ?? {});
    const jobsInHand = concurrency + claimAhead;
    const refillAt = Math.max(1, Math.ceil(claimAhead / 3));
    while (running) {
      wokenMeanwhile = false;
      const free = jobsInHand - inHand.size;
      let more = false;
      if (free > 0 && (free >= refillAt || inHand.size < concurrency)) {
        try {
          const rows = await claim(kinds, free);
          for (const row of rows) {
            if (running) start(row);
            else await finish(row, { type: 'handed-back' });
          }
          // every job asked for was due: more may be
          more = rows.length === free && inHand.size < jobsInHand;
        } catch {
          // The database is briefly unavailable: try again after the poll interval.
        }
      }
      if (more || wokenMeanwhile) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  function start(row: ClaimedRow): void {
    const controller = new AbortController();
    const id = String(row.id);
    const settled = runJob(row, controller).finally(() => {
      inHand.delete(id);
      wakeUp();
    });
    inHand.set(id, { row, controller, settled });
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

  const queue: JobQueue = {
    runner: 'embedded',
    enqueue: (spec, options) => enqueueWithMode(spec, enqueueModeOf(options?.ifWaiting)),
    schedule(name, every, handler) {
      if (running) throw new Error(`schedule "${name}": must be registered before start()`);
      const entry = { name, every, handler };
      validateSchedule(schedules, entry);
      schedules.push(entry);
    },
    async start(jobHandlers: JobHandlers, startOptions: StartOptions = {}) {
      if (running) throw new Error('the queue is already started');
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
      running = true;
      loop = pollLoop(concurrency, claimAhead);
    },
    async stop() {
      if (!running) return;
      running = false;
      wakeUp();
      await loop;
      const settledAll = () =>
        Promise.all([...inHand.values()].map((entry) => entry.settled)).then(() => undefined);
      await Promise.race([settledAll(), sleep(stopGraceMs)]);
      if (inHand.size === 0) return;
      for (const entry of inHand.values()) entry.controller.abort();
      await Promise.race([settledAll(), sleep(stopGraceMs)]);
      // Handlers that ignore the abort signal: hand their jobs back; whatever they finish later is not ours.
      for (const entry of [...inHand.values()]) await finish(entry.row, { type: 'handed-back' });
    },
    async retryFailed(filter) {
      const now = nowIso();
      const instanceId = filter?.instanceId;
      return db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('sync_jobs')
          .where('state', '=', 'failed')
          .$if(instanceId !== undefined, (query) => query.where('instance_id', '=', instanceId!))
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('sync_jobs as w')
                .select('w.id')
                .whereRef('w.job_key', '=', 'sync_jobs.job_key')
                .where('w.state', '=', 'waiting'),
            ),
          )
          .execute();
        const result = await trx
          .updateTable('sync_jobs')
          .set({ state: 'waiting', attempts: 0, run_at: now, updated_at: now })
          .where('state', '=', 'failed')
          .$if(instanceId !== undefined, (query) => query.where('instance_id', '=', instanceId!))
          .executeTakeFirst();
        wakeUp();
        return Number(result.numUpdatedRows);
      });
    },
    async stats(): Promise<QueueStats> {
      const rows = await db
        .selectFrom('sync_jobs')
        .select((eb) => ['kind', 'state', eb.fn.countAll<string | number>().as('count')])
        .groupBy(['kind', 'state'])
        .execute();
      return tallyStats(rows.map((row) => ({ kind: row.kind, state: row.state, count: Number(row.count) })));
    },
    async failed(): Promise<FailedJob[]> {
      const rows = await db
        .selectFrom('sync_jobs')
        .select(['job_key', 'kind', 'instance_id', 'module', 'record_id', 'attempts', 'last_error'])
        .where('state', '=', 'failed')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        key: row.job_key,
        kind: row.kind,
        instanceId: row.instance_id,
        module: row.module,
        recordId: row.record_id,
        attempts: row.attempts,
        lastError: row.last_error,
      }));
    },
    async close() {
      await queue.stop();
    },
  };
  return queue;
}
