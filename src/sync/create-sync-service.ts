import { ValidationError } from '../errors/index.js';
import type { Kysely } from 'kysely';
import { createRecordStore, type RecordStore } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import type { CompiledConnector } from '../engine/index.js';
import { dialectOf } from '../db/dialect.js';
import {
  createLinkRepository,
  InstanceNotFoundError,
  type InstanceClientSettings,
  type InstanceRepository,
} from '../instances/index.js';
import type { JobHandlers, JobQueue } from '../jobs/index.js';
import type { Logger } from '../logging/logger.js';
import { WriteDifferenceTally } from '../metrics/write-difference-tally.js';
import {
  createReportRepository,
  type InStepClear,
  type ReportRepository,
  type RunTrigger,
  type SyncDirection,
} from '../report/index.js';
import { feedChanges } from './change-feeder.js';
import { createFeedTrigger } from './feed-trigger.js';
import { listenForBssChanges, type BssChangeListener } from './listen-for-bss-changes.js';
import { createRuntimeCache, type RuntimeCache } from './instance-runtime.js';
import { pollJobKind, pullJobKind, pushJobKind } from './job-kinds.js';
import { createPollJobHandler } from './poll-job.js';
import { notePollDue } from './poll-order.js';
import { createPullJobHandler } from './pull-job.js';
import { createPushJobHandler, type SyncJobDependencies } from './push-job.js';
import { forgetWokenWaits, settleSyncedPush } from './settle-synced-push.js';
import { createSyncState, type SyncState, type Waiter, type WaitingRecord } from './sync-state.js';
import { runProgress, settleRunningRuns, startRun, type RunProgress } from '../runs/index.js';
import { defaultRetention, pruneSyncRuns, type RetentionPolicy } from '../runs/index.js';

export interface SyncServiceOptions {
  db: Kysely<Database>;
  store: RecordStore;
  instances: InstanceRepository;
  connector: CompiledConnector;
  queue: JobQueue;
  logger?: Logger;
  clientOptions?: InstanceClientSettings;
  /**
   * how often the BSS change feed is read into push jobs (default every 2 s): the fallback, since the store's own
   * writes (and, with `bssChangesUrl`, every process's) wake the feed at once
   */
  feedEveryMs?: number;
  /** PostgreSQL: LISTEN here for the writes other processes make (`serve --no-sync` for its workers) */
  bssChangesUrl?: string;
  /** how often each pull module of each instance is polled (default every 5 minutes) */
  pollEveryMs?: number;
  /** how far before the previous poll's start a poll lists from (default 2 minutes: clock skew, commit lag) */
  pollOverlapMs?: number;
  /** records one poll takes at once (default 8; `serve` and `worker` pass their `--concurrency`, at most 32) */
  pollConcurrency?: number;
  /** when everything not in step is retried (default 03:17 every day, cron) */
  retrySchedule?: string;
  /** a run whose records have not moved for this long is finished as it stands (default 10 minutes) */
  runIdleMs?: number;
  matchIndexTtlMs?: number;
  referenceTtlMs?: number;
  /** sync switched-off instances too: only for a canary push of one chosen record (`cwsync instance check --canary`) */
  includeDisabled?: boolean;
  /** how long finished runs are kept, pruned every hour (default 30 days, 10 000 runs) */
  retention?: RetentionPolicy;
}

export interface SyncService {
  readonly runtimes: RuntimeCache;
  readonly reports: ReportRepository;
  readonly state: SyncState;
  /** the values ConnectWise kept differently from what this process's pushes wrote (for /metrics) */
  readonly writeDifferences: WriteDifferenceTally;
  /** the job handlers: push, pull, poll (this process's share of the queue) */
  readonly handlers: JobHandlers;
  /** registers the recurring work on the queue (before `queue.start`) and reads the change feed at once */
  registerSchedules(): void;
  /** reads the BSS change feed into push jobs now; returns how many were queued */
  feedChanges(): Promise<number>;
  /** starts runs: every module (or `module`), both directions (or `direction`), of one instance */
  startRuns(request: {
    instanceId: string;
    module?: string;
    direction?: SyncDirection;
    trigger?: RunTrigger;
  }): Promise<string[]>;
  runProgress(runId: string): Promise<RunProgress | undefined>;
  /** finishes the runs that are complete (or idle); returns how many finished */
  settleRuns(): Promise<number>;
  /** queues again every record the report lists as not in step, and the queue's failed jobs */
  retryNotInStep(instanceId?: string): Promise<number>;
  close(): Promise<void>;
}

/** Wires the engine to the database, the queue and ConnectWise: the one place a process gets its sync behaviour. */
export function createSyncService(options: SyncServiceOptions): SyncService {
  const reports = createReportRepository(options.db);
  const state = createSyncState(options.db);
  const runtimes = createRuntimeCache({
    db: options.db,
    store: options.store,
    instances: options.instances,
    connector: options.connector,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.matchIndexTtlMs !== undefined ? { matchIndexTtlMs: options.matchIndexTtlMs } : {}),
    ...(options.referenceTtlMs !== undefined ? { referenceTtlMs: options.referenceTtlMs } : {}),
    ...(options.includeDisabled ? { includeDisabled: true } : {}),
  });
  const writeDifferences = new WriteDifferenceTally();
  const entityOf = (module: string) => options.connector.modules.get(module)?.definition.bssEntity ?? module;
  const sqlite = dialectOf(options.db as Kysely<unknown>) === 'sqlite';
  const deps: SyncJobDependencies = {
    runtimes,
    ...(sqlite || options.queue.runner === 'graphile'
      ? {
          books: {
            db: options.db,
            serializable: sqlite,
            stateOver: (db: Kysely<Database>) => createSyncState(db),
            linksOver: (db: Kysely<Database>) => createLinkRepository(db, { entityOf }),
            ...(sqlite
              ? {}
              : {
                  settleSynced: (
                    instanceId: string,
                    module: string,
                    recordId: string,
                    clear: InStepClear,
                    awaiting: readonly WaitingRecord[],
                  ) => settleSyncedPush(options.db, instanceId, module, recordId, clear, awaiting),
                  forgetWoken: (instanceId: string, dependency: WaitingRecord, woken: readonly Waiter[]) =>
                    forgetWokenWaits(options.db, instanceId, dependency, woken),
                }),
          },
        }
      : {}),
    writeDifferences,
    queue: options.queue,
    reports,
    state,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const runDeps = {
    db: options.db,
    store: options.store,
    connector: options.connector,
    reports,
    state,
    queue: options.queue,
  };
  const feederDeps = {
    store: options.store,
    instances: options.instances,
    connector: options.connector,
    state,
    queue: options.queue,
  };
  // Every process is woken by the same write: the feed is read by one at a time, and the others then find the
  // cursor past what it queued, instead of queueing every change once per process.
  const readFeed = () => feedChanges(feederDeps);
  const feedTrigger = createFeedTrigger(
    () => options.queue.oneAtATime?.('cwsync.feed-changes', readFeed) ?? readFeed(),
    {
      onError: (error) => options.logger?.warn({ err: error }, 'reading the BSS change feed failed'),
    },
  );
  const stopWaking: Array<() => Promise<void> | void> = [];
  const handlers: JobHandlers = {
    [pushJobKind]: createPushJobHandler(deps),
    [pullJobKind]: createPullJobHandler(deps),
    [pollJobKind]: createPollJobHandler({
      ...deps,
      db: options.db,
      ...(options.pollOverlapMs !== undefined ? { overlapMs: options.pollOverlapMs } : {}),
      concurrency: options.pollConcurrency ?? 8,
      ...(sqlite
        ? {
            groupsOver: {
              storeOver: (db: Kysely<Database>) => createRecordStore(db),
              linksOver: (db: Kysely<Database>) => createLinkRepository(db, { entityOf }),
              stateOver: (db: Kysely<Database>) => createSyncState(db),
            },
          }
        : {}),
    }),
  };

  const service: SyncService = {
    runtimes,
    reports,
    state,
    writeDifferences,
    handlers,
    registerSchedules() {
      options.queue.schedule('cwsync.feed-changes', options.feedEveryMs ?? 2_000, () => feedTrigger.run());
      // Wake on write: the feed is read as soon as a record to push is written, here or (PostgreSQL) elsewhere.
      const unsubscribe = options.store.onWrite?.(() => feedTrigger.soon());
      if (unsubscribe) stopWaking.push(unsubscribe);
      if (options.bssChangesUrl !== undefined) {
        const listener: BssChangeListener = listenForBssChanges(options.bssChangesUrl, () =>
          feedTrigger.soon(),
        );
        stopWaking.push(() => listener.close());
      }
      // Read at once too: what was written while no process ran (an import before `serve`) is pushed now, not
      // at the schedule's first fire — a whole interval (2 s) of idle job slots at every start otherwise.
      feedTrigger.soon();
      options.queue.schedule('cwsync.settle-runs', 5_000, async () => {
        await settleRunningRuns(runDeps, options.runIdleMs ?? 600_000);
      });
      options.queue.schedule('cwsync.poll', options.pollEveryMs ?? 300_000, async () => {
        for (const instance of await options.instances.list()) {
          if (!instance.enabled) continue;
          for (const module of options.connector.modules.values()) {
            if (!module.pull) continue;
            // noted first, so that a poll depending on this one (contacts on accounts) waits for it
            await notePollDue(state, instance.id, module.name);
            // merged: a poll waiting for a run keeps its run
            await options.queue.enqueue(
              { kind: pollJobKind, instanceId: instance.id, module: module.name, recordId: '-' },
              { ifWaiting: 'merge' },
            );
          }
        }
      });
      // The run log gains a row per record per run: without this it only grows.
      options.queue.schedule('cwsync.prune-runs', 3_600_000, async () => {
        const pruned = await pruneSyncRuns(options.db, options.retention ?? defaultRetention);
        if (pruned.runs > 0) options.logger?.info(pruned, 'finished runs past the retention pruned');
      });
      options.queue.schedule('cwsync.retry-not-in-step', options.retrySchedule ?? '17 3 * * *', async () => {
        await service.retryNotInStep();
      });
    },
    feedChanges: () => feedChanges(feederDeps),
    async startRuns(request) {
      const modules = request.module
        ? [request.module]
        : [...options.connector.modules.values()].map((module) => module.name);
      if (request.module && !options.connector.modules.has(request.module)) {
        const message = `the connector has no module "${request.module}" (it has ${[...options.connector.modules.keys()].join(', ')})`;
        throw new ValidationError([{ path: 'module', rule: 'knownModule', message }], message);
      }
      const instance = await options.instances.get(request.instanceId);
      if (!instance) throw new InstanceNotFoundError(request.instanceId);
      await runtimes.invalidate(instance.id);
      const runIds: string[] = [];
      for (const direction of request.direction ? [request.direction] : (['push', 'pull'] as const)) {
        for (const name of modules) {
          if (!options.connector.modules.get(name)?.[direction]) continue;
          runIds.push(
            await startRun(runDeps, {
              instanceId: instance.id,
              module: name,
              direction,
              trigger: request.trigger ?? 'manual',
            }),
          );
        }
      }
      return runIds;
    },
    runProgress: (runId) => runProgress(runDeps, runId),
    settleRuns: () => settleRunningRuns(runDeps, options.runIdleMs ?? 600_000),
    async retryNotInStep(instanceId) {
      // A retry is what a person asks for after fixing something: the next jobs read the settings afresh.
      await runtimes.invalidate(instanceId);
      let queued = await options.queue.retryFailed(instanceId === undefined ? undefined : { instanceId });
      let after: string | undefined;
      do {
        const page = await reports.list({
          ...(instanceId ? { instanceId } : {}),
          limit: 1000,
          ...(after ? { after } : {}),
        });
        for (const entry of page.entries) {
          // A warning is about a write that went through: there is nothing to retry.
          if (entry.outcome === 'warning') continue;
          await options.queue.enqueue({
            kind: entry.direction === 'push' ? pushJobKind : pullJobKind,
            instanceId: entry.instanceId,
            module: entry.module,
            recordId: entry.recordId,
          });
          queued += 1;
        }
        after = page.next;
      } while (after !== undefined);
      return queued;
    },
    async close() {
      feedTrigger.close();
      for (const stop of stopWaking.splice(0)) await stop();
      await reports.flushActivity();
      await runtimes.close();
    },
  };
  return service;
}
