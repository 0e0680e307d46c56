import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EnqueueOptions, Job, JobContext, JobHandler, JobQueue, JobSpec } from '../jobs/index.js';
import type { Logger } from '../logging/logger.js';
import {
  differenceLabel,
  pushRecordVerified,
  type PushOutcome,
  type LinkRepository,
  type WriteDifference,
} from '../engine/index.js';
import type { WriteDifferenceTally } from '../metrics/write-difference-tally.js';
import type { InStepClear, ReportRepository } from '../report/index.js';
import { InstanceNotFoundError } from '../instances/index.js';
import type { RuntimeCache } from './instance-runtime.js';
import { InstanceDisabledError } from './instance-runtime.js';
import { payloadOf, pushJobKind } from './job-kinds.js';
import type { SyncState, Waiter, WaitingRecord } from './sync-state.js';

export interface SyncJobDependencies {
  runtimes: RuntimeCache;
  queue: Pick<JobQueue, 'enqueue'>;
  reports: ReportRepository;
  state: SyncState;
  /**
   * How a job's bookkeeping (report, run, waits, wake-ups, the job's end) is written in one transaction: the
   * database and the repositories over a transaction of it. Absent: each write commits on its own (the embedded
   * queue on PostgreSQL: its enqueues take a second pooled connection each, which a pool held by transactions
   * waiting for one could not give).
   */
  books?: {
    db: Kysely<Database>;
    /** SQLite: a transaction holds the write lock from its first write, so it is never read half-done */
    serializable: boolean;
    stateOver(db: Kysely<Database>): SyncState;
    linksOver(db: Kysely<Database>): Pick<LinkRepository, 'find'>;
    /**
     * PostgreSQL: the end of a push in step in one statement (`settleSyncedPush`): its report row removed, its own
     * waits replaced by what it still awaits, and the records that wait for it answered. Absent (SQLite): the
     * transaction does it.
     */
    settleSynced?(
      instanceId: string,
      module: string,
      recordId: string,
      clear: InStepClear,
      awaiting: readonly WaitingRecord[],
    ): Promise<Waiter[]>;
    /** PostgreSQL: the waits of the records just woken for `dependency` removed, in one statement (`forgetWokenWaits`) */
    forgetWoken?(instanceId: string, dependency: WaitingRecord, woken: readonly Waiter[]): Promise<void>;
  };
  /** counts what ConnectWise kept differently from what was written (absent: not counted) */
  writeDifferences?: WriteDifferenceTally;
  logger?: Logger;
}

/** A push that failed for a reason that may pass (rate limit, timeout, ConnectWise down): the queue retries it. */
export class RetryableSyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableSyncError';
  }
}

/**
 * The handler of push jobs: pushes one BSS record, files the outcome in the connector report and the run, and
 * keeps dependencies moving — a record waiting for another queues that one and is woken when it is in
 * ConnectWise; a record that is now in ConnectWise wakes the records that waited for it.
 */
export function createPushJobHandler(deps: SyncJobDependencies): JobHandler {
  return async (job, context) => {
    // A push that needs no ConnectWise call (unchanged, waiting) is database work only, which on SQLite completes
    // synchronously: without a turn for timers and I/O per job, a queue of them would stall the lease heartbeats
    // and every ConnectWise call in flight until the queue is empty.
    await yieldToEventLoop();
    const runtime = await runtimeOrSkip(deps, job);
    if (!runtime) return;
    const self: WaitingRecord = { module: job.module, recordId: job.recordId };
    const { runId, adopt, writeHeld } = payloadOf(job.payload);
    // The engine reads the link (none to read when the record's integrationIds say it is not linked) and tells.
    let linked: boolean | undefined;
    // Every write is compared with ConnectWise's answer: what it kept differently is a warning in the report.
    const { outcome: pushed, differences } = await pushRecordVerified(
      runtime.push,
      job.module,
      job.recordId,
      {
        adopt,
        ...(writeHeld ? { writeHeld } : {}),
        linkKnown: (known) => {
          linked = known;
        },
      },
    );
    // A push that ended before its link was known (the record is gone): the report's action still says whether it was.
    const wasLinked =
      linked ?? (await runtime.links.find(job.instanceId, job.module, job.recordId)) !== undefined;
    const ownResource = runtime.connector.modules.get(job.module)?.definition.connectwise.resource ?? '';
    for (const difference of differences) {
      deps.writeDifferences?.add(job.instanceId, job.module, differenceLabel(difference, ownResource));
    }
    const cycle =
      pushed.outcome === 'waiting' ? await findWaitCycle(deps, runtime.links, job, self, pushed) : undefined;
    const outcome = cycle?.failure ?? pushed;
    const follow = { ...(runId ? { payload: { runId } } : {}) };
    deps.logger?.debug(
      { instanceId: job.instanceId, module: job.module, recordId: job.recordId, outcome: outcome.outcome },
      'push',
    );
    const selfAgain: JobSpec = { kind: pushJobKind, instanceId: job.instanceId, ...self, ...follow };

    /** The outcome filed: report, run, waits, wake-ups and follow-ups; returns the dependencies just waited for. */
    const file = async (books: Bookkeeping): Promise<WaitingRecord[]> => {
      await books.reports.recordOutcome(job.instanceId, job.module, job.recordId, 'push', outcome, {
        action: actionOf(outcome, wasLinked),
        differences,
      });
      if (runId) await books.state.noteRunOutcome(runId, job.module, job.recordId, outcome.outcome);
      const fileWaits = (dependencies: WaitingRecord[]) =>
        books.state.addWaits(
          job.instanceId,
          'push',
          { ...self, ...(runId ? { runId } : {}) },
          dependencies.map(({ module, recordId }) => ({ module, recordId })),
        );
      const waitFor = async (dependencies: WaitingRecord[]) => {
        await fileWaits(dependencies);
        // A dependency is queued on this record's behalf, outside its run: a job of it already waiting stays in
        // its own run (the payloads merge). Not when this push was woken by that dependency's failure: queueing it
        // again would fail again and wake this one again, without end; the wait stays, for when a person fixes it.
        for (const dependency of writeHeld ? [] : dependencies) {
          await books.enqueue(
            {
              kind: pushJobKind,
              instanceId: job.instanceId,
              module: dependency.module,
              recordId: dependency.recordId,
            },
            { ifWaiting: 'merge' },
          );
        }
        return dependencies;
      };
      switch (outcome.outcome) {
        case 'waiting':
          // What it waited for before is replaced: a stale wait could later look like a cycle.
          await books.state.clearWaits(job.instanceId, 'push', self);
          return waitFor(outcome.dependencies);
        case 'created':
        case 'linked':
        case 'updated':
        case 'unchanged': {
          await books.state.clearWaits(job.instanceId, 'push', self);
          await books.state.wakeWaiters(job.instanceId, 'push', self, (waiter) =>
            books.enqueue(wakeUp(pushJobKind, job.instanceId, waiter), { ifWaiting: 'merge' }),
          );
          for (const again of outcome.pushAgain ?? []) {
            await books.enqueue(
              { kind: pushJobKind, instanceId: job.instanceId, ...again, ...follow },
              { ifWaiting: 'merge' },
            );
          }
          if (outcome.awaiting && outcome.awaiting.length > 0) return waitFor(outcome.awaiting);
          return [];
        }
        case 'failed':
          // Still woken if a person breaks the cycle elsewhere, but nothing is queued: queueing would go round it.
          if (cycle) await fileWaits(cycle.dependencies);
          else if (!outcome.failure.retryable) await wakeHolders(books, job, self);
          return [];
        case 'skipped':
          await wakeHolders(books, job, self);
          return [];
        default:
          return [];
      }
    };
    // A dependency that got into ConnectWise while the wait was being filed woke nobody: look again, once the
    // wait can be seen (committed, or on SQLite inside the transaction: it holds the write lock from its first
    // write, so the dependency's wake-up comes after it and sees the wait).
    const lookAgain = async (books: Bookkeeping, dependencies: WaitingRecord[]) => {
      for (const dependency of dependencies) {
        if (await books.links.find(job.instanceId, dependency.module, dependency.recordId)) {
          await books.state.clearWaits(job.instanceId, 'push', self);
          await books.enqueue(selfAgain);
          return;
        }
      }
    };
    const direct: Bookkeeping = {
      reports: deps.reports,
      state: deps.state,
      links: runtime.links,
      enqueue: (spec, options) => deps.queue.enqueue(spec, options),
    };
    const settled = await settledInOneStatement(deps, job, self, outcome, {
      runId,
      writeHeld,
      wasLinked,
      differences,
    });
    if (settled !== undefined) {
      await lookAgain(direct, settled);
      return;
    }
    const retryable = outcome.outcome === 'failed' && outcome.failure.retryable;
    await fileInOneTransaction(deps, runtime.links, context, !retryable, file, lookAgain);
    if (outcome.outcome === 'failed' && outcome.failure.retryable) {
      throw new RetryableSyncError(outcome.failure.message);
    }
  };
}

/**
 * PostgreSQL's end of a push in step outside a run (every record of an initial push but those that wait), in one
 * statement instead of a transaction of five to seven round trips: its report row removed, its own waits replaced
 * by what it awaits (an account's first push, for its primary contact), and the records that wait for it read
 * (`settleSyncedPush`). Then, as the transaction did: the waiting records woken and only then their waits removed
 * (one statement), the records to push again queued (not again one just woken: the same job), and what it awaits
 * queued. Each step's enqueues are made together (on graphile-worker one group, one commit); a worker killed
 * anywhere in between leaves the job unfinished: it runs again, finds the record in step and does the rest then.
 * Answers the records it now waits for (for the look again), or undefined when the outcome is not of this kind
 * (nothing done, nothing counted): the transaction files it.
 */
async function settledInOneStatement(
  deps: SyncJobDependencies,
  job: Job,
  self: WaitingRecord,
  outcome: PushOutcome,
  filed: {
    runId: string | undefined;
    writeHeld: boolean | undefined;
    wasLinked: boolean;
    differences: readonly WriteDifference[];
  },
): Promise<WaitingRecord[] | undefined> {
  const books = deps.books;
  if (!books?.settleSynced || !books.forgetWoken || filed.runId) return undefined;
  if (
    outcome.outcome !== 'created' &&
    outcome.outcome !== 'linked' &&
    outcome.outcome !== 'updated' &&
    outcome.outcome !== 'unchanged'
  ) {
    return undefined;
  }
  const clear = deps.reports.countInStep(job.instanceId, outcome, {
    action: actionOf(outcome, filed.wasLinked),
    differences: filed.differences,
  });
  if (clear === undefined) return undefined;
  const awaited = (outcome.awaiting ?? []).map(({ module, recordId }) => ({ module, recordId }));
  const waiters = await books.settleSynced(job.instanceId, job.module, job.recordId, clear, awaited);
  // The enqueues of each step are made together: graphile-worker writes them as one group, one commit.
  await Promise.all(
    waiters.map((waiter) =>
      deps.queue.enqueue(wakeUp(pushJobKind, job.instanceId, waiter), { ifWaiting: 'merge' }),
    ),
  );
  const woken = new Set(waiters.filter((waiter) => waiter.runId === undefined).map(recordKey));
  await books.forgetWoken(job.instanceId, self, waiters);
  // Not what this push awaits when it was woken by that record's failure: queueing it again would fail again,
  // without end.
  const follow = [
    ...(outcome.pushAgain ?? []).filter((again) => !woken.has(recordKey(again))),
    ...(filed.writeHeld ? [] : awaited),
  ];
  await Promise.all(
    follow.map((record) =>
      deps.queue.enqueue(
        { kind: pushJobKind, instanceId: job.instanceId, ...record },
        { ifWaiting: 'merge' },
      ),
    ),
  );
  return awaited;
}

function recordKey(record: WaitingRecord): string {
  return `${record.module}\u0000${record.recordId}`;
}

/** The report, run and state a job files its outcome in, and how it queues, over one transaction. */
interface Bookkeeping {
  reports: Pick<ReportRepository, 'recordOutcome'>;
  state: SyncState;
  links: Pick<LinkRepository, 'find'>;
  enqueue: (spec: JobSpec, options?: EnqueueOptions) => Promise<void>;
}

/**
 * A job's bookkeeping in one transaction — one commit on SQLite instead of one per write — and, where the queue
 * offers it and the job is to end as done, the job's end in the same one. Without `deps.books` (a caller wiring
 * the handler by hand) every write commits on its own, as it did before.
 */
async function fileInOneTransaction(
  deps: SyncJobDependencies,
  links: Pick<LinkRepository, 'find'>,
  context: JobContext,
  endsDone: boolean,
  file: (books: Bookkeeping) => Promise<WaitingRecord[]>,
  lookAgain: (books: Bookkeeping, dependencies: WaitingRecord[]) => Promise<void>,
): Promise<void> {
  const books = deps.books;
  const over = (db: Kysely<Database>, enqueue: Bookkeeping['enqueue']): Bookkeeping => ({
    reports: deps.reports.over(db),
    state: books!.stateOver(db),
    links: books!.linksOver(db),
    enqueue,
  });
  const enqueue: Bookkeeping['enqueue'] = (spec, options) => deps.queue.enqueue(spec, options);
  if (books?.serializable && endsDone && context.complete) {
    // SQLite: one commit for everything, the job's end and its enqueues included.
    await context.complete(async (completion) => {
      const inside = over(completion.db, completion.enqueue);
      await lookAgain(inside, await file(inside));
    });
    return;
  }
  const direct: Bookkeeping = { reports: deps.reports, state: deps.state, links, enqueue };
  if (books && !books.serializable) {
    // PostgreSQL on graphile-worker: one transaction for the bookkeeping; each enqueue commits at once on the
    // queue's own connections (before this one: a wake-up is queued before its wait is removed). The look again
    // comes after the commit: read committed, only a committed wait is seen by the dependency's wake-up.
    const waited = await books.db.transaction().execute(async (trx) => file(over(trx, enqueue)));
    await lookAgain(direct, waited);
    return;
  }
  // Each write on its own: no `books`, or on SQLite a run that does not end as done (a retryable failure: the
  // queue still writes its retry) — an enqueue inside a SQLite transaction would wait for its own connection.
  await lookAgain(direct, await file(direct));
}

/**
 * A record about to wait for one that already waits, through any chain, for it would wait forever, and queueing
 * the chain again would go round it without end: the cycle becomes a failure naming the chain, for a person to
 * break (a cycle the store refuses can still slip in: written to the database directly, or two workers each
 * filing one half of it at once — then the next push of either finds it).
 */
async function findWaitCycle(
  deps: SyncJobDependencies,
  links: Pick<LinkRepository, 'find'>,
  job: Job,
  self: WaitingRecord,
  outcome: Extract<PushOutcome, { outcome: 'waiting' }>,
): Promise<{ failure: PushOutcome; dependencies: WaitingRecord[] } | undefined> {
  for (const dependency of outcome.dependencies) {
    const chain = await deps.state.findWaitChain(job.instanceId, 'push', dependency, self);
    if (!chain) continue;
    // A record already in ConnectWise blocks nobody: its wait is for an `after` dependency (an account for its
    // primary contact), or it got in while this push ran.
    const blocking = await Promise.all(
      chain
        .slice(0, -1)
        .map(async (record) => !(await links.find(job.instanceId, record.module, record.recordId))),
    );
    if (!blocking.every(Boolean)) continue;
    const names = [self, ...chain].map((record) =>
      record.module === self.module ? record.recordId : `${record.module} ${record.recordId}`,
    );
    const field = dependency.as;
    const failure: PushOutcome = {
      outcome: 'failed',
      failure: {
        ...(field !== undefined ? { field } : {}),
        message:
          `${field ?? 'dependencies'}: ${names.join(' → ')} is a cycle, so none of them can be pushed before ` +
          `the others; change ${field ?? 'the reference'} of one of them`,
        retryable: false,
      },
    };
    return { failure, dependencies: outcome.dependencies };
  }
  return undefined;
}

/**
 * This record will not get into ConnectWise now (its push failed for good, or was skipped): the records already
 * in ConnectWise that await it (an account, for its primary contact) are pushed again to write what they held back
 * for it (the account's bill-to), and keep their wait, for when a person fixes it. Records that wait for it before
 * they can be created at all stay waiting, unwoken, as before.
 */
async function wakeHolders(books: Bookkeeping, job: Job, self: WaitingRecord): Promise<void> {
  await books.state.wakeWaiters(job.instanceId, 'push', self, async (waiter) => {
    if (!(await books.links.find(job.instanceId, waiter.module, waiter.recordId))) return false;
    const { runId, ...record } = waiter;
    await books.enqueue(
      {
        kind: pushJobKind,
        instanceId: job.instanceId,
        ...record,
        payload: { ...(runId ? { runId } : {}), writeHeld: true },
      },
      { ifWaiting: 'merge' },
    );
    return true;
  });
}

/** The job that wakes a waiting record, in its own run. */
export function wakeUp(kind: string, instanceId: string, waiter: Waiter): JobSpec {
  const { runId, ...record } = waiter;
  return { kind, instanceId, ...record, ...(runId ? { payload: { runId } } : {}) };
}

/** The instance's runtime, or undefined when the instance was removed or switched off (the job is dropped). */
export async function runtimeOrSkip(deps: SyncJobDependencies, job: Job) {
  try {
    return await deps.runtimes.get(job.instanceId);
  } catch (error) {
    if (error instanceof InstanceDisabledError || error instanceof InstanceNotFoundError) {
      deps.logger?.info({ instanceId: job.instanceId, kind: job.kind }, (error as Error).message);
      return undefined;
    }
    throw error;
  }
}

function actionOf(outcome: PushOutcome, wasLinked: boolean): string {
  switch (outcome.outcome) {
    case 'created':
      return 'create';
    case 'linked':
    case 'ambiguous':
      return 'link';
    case 'updated':
    case 'unchanged':
      return 'update';
    default:
      return wasLinked ? 'update' : 'create';
  }
}
