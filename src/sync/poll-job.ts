import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Job, JobCompletion, JobHandler } from '../jobs/index.js';
import type { LinkRepository } from '../engine/index.js';
import { acquireRecordWriteLock, type RecordStore } from '../bss/store/index.js';
import type { InstanceRuntime } from './instance-runtime.js';
import { payloadOf, pollJobKind, pullJobKind } from './job-kinds.js';
import { pendingPrerequisite, pollOrderTimings, pollPrerequisites } from './poll-order.js';
import { pullAndFile } from './pull-job.js';
import { runtimeOrSkip, type SyncJobDependencies } from './push-job.js';
import { setExpected, settleRun } from '../runs/index.js';
import { takeInOrder } from './take-in-order.js';
import { markKnownRecords, type ListedRecord } from './mark-known-records.js';
import { takeInGroups } from './take-in-groups.js';
import { readAhead } from './read-ahead.js';
import type { SyncState } from './sync-state.js';
import { waitsKnownAbsent } from './waits-known-absent.js';
import { createStoreRecordReader, createStoreRecordWriter } from './store-record-ports.js';

export interface PollJobOptions {
  db: Kysely<Database>;
  /**
   * how far before the previous watermark a poll starts listing (default 2 minutes): clock skew between cwsync
   * and ConnectWise, and changes ConnectWise committed after it answered the previous poll
   */
  overlapMs?: number;
  /** records per ConnectWise page (default and maximum 1000) */
  pageSize?: number;
  /** the clock the watermark is read from */
  now?: () => Date;
  /**
   * records a poll takes at once (default 1; the service passes the process's job concurrency, at most
   * `maxPollConcurrency`): their reads and writes overlap, and the checkpoint is saved once per that many records
   */
  concurrency?: number;
  /**
   * The store, links and sync state over a transaction: given (SQLite) and where the queue offers
   * `JobContext.transaction`, a poll takes its records `pollGroupSize` at a time, one after another, each group's
   * records, bookkeeping and checkpoint in one commit (instead of a commit per write); absent, records are taken
   * `concurrency` at a time and each write commits on its own (PostgreSQL: a failed statement would end the
   * whole transaction there, and several connections let the records' writes overlap).
   */
  /** records per group when taking them in groups (default `pollGroupSize`) */
  groupSize?: number;
  groupsOver?: {
    storeOver(db: Kysely<Database>): RecordStore;
    linksOver(db: Kysely<Database>): LinkRepository;
    stateOver(db: Kysely<Database>): SyncState;
  };
}

/**
 * Records a poll commits at once when it takes them in groups: a commit (0.1–0.4 ms on SQLite, with its pages
 * written to the WAL) is shared by this many, and other jobs wait for the database at most one group's time.
 */
export const pollGroupSize = 100;

/** The most records one poll takes at once: beyond this a poll only crowds out the other jobs. */
export const maxPollConcurrency = 32;

export type PollJobDependencies = SyncJobDependencies & PollJobOptions;

/**
 * A module's poll progress, one JSON value in `sync_cursors` per instance and module. `watermark` is when the
 * poll that wrote it started, `since` the lower bound it listed from (null: everything, the first poll). While a
 * poll is under way `lastId` is the highest record below which (itself included) every listed record is finished
 * (0 before the first), so a poll that was stopped resumes after it, and `at` is when it was saved; a finished
 * poll has no `lastId`, and the next one lists from `watermark` minus the overlap.
 */
export interface PollCheckpoint {
  watermark: string;
  since: string | null;
  lastId?: number;
  /** records the poll counted in its run so far */
  counted?: number;
  /** the run a scheduled poll opened once it found a change */
  runId?: string;
  /** when an under-way poll saved this (the polls waiting for it tell a moving poll from a stopped one) */
  at?: string;
}

export const defaultPollOverlapMs = 120_000;

/** ConnectWise's largest page, which a poll lists in unless told otherwise (and reads one of ahead). */
export const defaultPollPageSize = 1000;

/** The `sync_cursors` name of a module's poll checkpoint. */
export function pollCursorName(module: string): string {
  return `poll:${module}`;
}

/**
 * The handler of poll jobs: lists the module's ConnectWise records changed since the last poll (by
 * `lastUpdated`, forward-only in id order), takes them into the BSS through `pullAndFile` `concurrency` at a time,
 * and checkpoints once per that many records. It starts only once the polls of the modules its records depend on
 * have run (contacts after accounts: poll-order.ts). A record cwsync already knows in this state costs no write,
 * and its link lookup is shared with up to 200 others (mark-known-records.ts). A ConnectWise
 * error that ends the listing throws, so the queue retries the poll from its checkpoint; a record that fails
 * goes to the report and does not stop the others. A manual run (payload `runId`) learns how many records it
 * covers once the listing is done; a scheduled poll opens a run only when it finds a change.
 */
export function createPollJobHandler(deps: PollJobDependencies): JobHandler {
  const overlapMs = deps.overlapMs ?? defaultPollOverlapMs;
  const now = deps.now ?? (() => new Date());
  const concurrency = Math.min(maxPollConcurrency, Math.max(1, Math.floor(deps.concurrency ?? 1)));
  return async (job, context) => {
    const { signal } = context;
    const runtime = await runtimeOrSkip(deps, job);
    if (!runtime) return;
    const module = runtime.connector.modules.get(job.module);
    if (!module?.pull || !pullIsOn(runtime, job.module)) return;
    const instanceId = runtime.instance.id;
    if (await deferredForPrerequisites(deps, runtime, job, now())) return;
    const cursorName = pollCursorName(job.module);
    const saved = parseCheckpoint(await deps.state.getCursor(instanceId, cursorName));
    const checkpoint = resumeOrStart(saved, now(), overlapMs);
    const requestedRunId = payloadOf(job.payload).runId;
    if (requestedRunId && requestedRunId !== checkpoint.runId) {
      // A run asked for while another poll of the module was under way: that one's run ends with what it saw.
      if (checkpoint.runId) await closeRun(deps, checkpoint.runId, checkpoint.counted ?? 0);
      checkpoint.runId = requestedRunId;
      checkpoint.counted = 0;
    }
    const countsEveryRecord = requestedRunId !== undefined;
    // A scheduled poll opens its run at its first change; records taken at once must not open one each.
    let opening: Promise<string> | undefined;
    const runIdForChange = async (on: Pick<PollJobDependencies, 'reports'>): Promise<string> => {
      if (checkpoint.runId) return checkpoint.runId;
      opening ??= on.reports.startRun({
        instanceId,
        module: job.module,
        direction: 'pull',
        trigger: 'schedule',
      });
      checkpoint.runId = await opening;
      return checkpoint.runId;
    };

    /** Takes one record (its writes through `on`); resolves to whether it counts in the run. */
    const take = async (
      { record, known }: ListedRecord,
      on: { deps: PollJobDependencies; runtime: InstanceRuntime } = { deps, runtime },
    ): Promise<boolean> => {
      if (known) {
        if (!countsEveryRecord) return false;
        await on.deps.state.noteRunOutcome(checkpoint.runId!, job.module, String(record.id), 'unchanged');
        return true;
      }
      const runId = await runIdForChange(on.deps);
      const outcome = await pullAndFile(on.deps, on.runtime, job.module, record, runId);
      // Filed in the report either way; a failure that may pass is tried again soon, with the queue's backoff.
      if (outcome.outcome === 'failed' && outcome.failure.retryable) {
        await on.deps.queue.enqueue({
          kind: pullJobKind,
          instanceId,
          module: job.module,
          recordId: String(record.id),
          payload: { runId },
        });
      }
      return true;
    };

    // A page ahead: ConnectWise builds and sends the next page while this one's records are written.
    const changed = readAhead(
      runtime.gateway.listChanged(module.definition.connectwise.resource, {
        ...(checkpoint.since === null ? {} : { since: new Date(checkpoint.since) }),
        ...(checkpoint.lastId ? { afterId: checkpoint.lastId } : {}),
        ...(deps.pageSize ? { pageSize: deps.pageSize } : {}),
        label: module.definition.connectwise.label,
        signal,
      }),
      deps.pageSize ?? defaultPollPageSize,
    );
    const passed = ({ record }: ListedRecord, counts: boolean) => {
      checkpoint.lastId = record.id;
      if (counts) checkpoint.counted = (checkpoint.counted ?? 0) + 1;
    };
    const saveCheckpoint = (state: SyncState) =>
      state.setCursor(
        instanceId,
        cursorName,
        JSON.stringify({ ...checkpoint, at: now().toISOString() } satisfies PollCheckpoint),
      );
    const listed = markKnownRecords(changed, runtime, job.module);
    const inTransaction = context.transaction;
    if (deps.groupsOver && inTransaction) {
      const over = deps.groupsOver;
      // A group's records, their bookkeeping and the checkpoint past them commit together, or none of them does
      // and the poll, run again, takes the group again from the checkpoint before it: nothing lost, nothing twice.
      await takeInGroups(
        listed,
        deps.groupSize ?? pollGroupSize,
        (group) =>
          inTransaction(async (transaction) => {
            // The write lock first: another process's write between this one's reads and its first write
            // would make SQLite refuse the group (a stale snapshot), where waiting for the lock costs nothing.
            await acquireRecordWriteLock(transaction.db as Transaction<Database>);
            const on = groupWritesOver(deps, over, runtime, transaction);
            for (const item of group) passed(item, await take(item, on));
            await saveCheckpoint(on.deps.state);
          }),
        signal,
      );
    } else {
      // `concurrency` records at a time; the checkpoint moves past a record only once every record listed before
      // it is done too, and is saved once per `concurrency` records: a poll stopped anywhere resumes without a gap.
      await takeInOrder(listed, take, {
        concurrency,
        signal,
        passed,
        save: () => saveCheckpoint(deps.state),
      });
    }

    const finished: PollCheckpoint = { watermark: checkpoint.watermark, since: checkpoint.since };
    await deps.state.setCursor(instanceId, cursorName, JSON.stringify(finished));
    if (checkpoint.runId) await closeRun(deps, checkpoint.runId, checkpoint.counted ?? 0);
    deps.logger?.debug(
      { instanceId, module: job.module, since: checkpoint.since, counted: checkpoint.counted ?? 0 },
      'poll finished',
    );
  };
}

/**
 * The poll's dependencies and the instance's runtime with every write and read of a record's pull going through
 * one transaction: on SQLite a query on the database itself would wait for the connection the transaction holds.
 */
function groupWritesOver(
  deps: PollJobDependencies,
  over: NonNullable<PollJobDependencies['groupsOver']>,
  runtime: InstanceRuntime,
  transaction: JobCompletion,
): { deps: PollJobDependencies; runtime: InstanceRuntime } {
  const store = over.storeOver(transaction.db);
  const links = over.linksOver(transaction.db);
  return {
    deps: {
      ...deps,
      reports: deps.reports.over(transaction.db),
      // the group holds the write lock from its start: waits none of its records can have are not looked up
      state: waitsKnownAbsent(over.stateOver(transaction.db), transaction.db),
      queue: { enqueue: transaction.enqueue },
    },
    runtime: {
      ...runtime,
      links,
      pull: {
        ...runtime.pull,
        links,
        records: createStoreRecordReader(store),
        writer: createStoreRecordWriter(store, runtime.instance.id),
      },
    },
  };
}

/**
 * Puts the poll off (queues it again shortly, with its run) while a poll of a module its records depend on is
 * pending, so that they find what they depend on already pulled (see poll-order.ts). Resolves to whether it did.
 */
async function deferredForPrerequisites(
  deps: PollJobDependencies,
  runtime: InstanceRuntime,
  job: Job,
  at: Date,
): Promise<boolean> {
  const module = runtime.connector.modules.get(job.module)!;
  const prerequisites = pollPrerequisites(runtime, module, (name) => pullIsOn(runtime, name));
  if (prerequisites.length === 0) return false;
  const instanceId = runtime.instance.id;
  const pending = await pendingPrerequisite(
    deps.state,
    instanceId,
    prerequisites,
    async (name) => parseCheckpoint(await deps.state.getCursor(instanceId, pollCursorName(name))),
    at,
  );
  if (!pending) return false;
  const payload = payloadOf(job.payload);
  const deferredSince = payload.deferredSince ?? at.toISOString();
  const waitedMs = at.getTime() - Date.parse(deferredSince);
  if (pending.state === 'asked for' && waitedMs >= pollOrderTimings.dueForMs) return false;
  await deps.queue.enqueue(
    {
      kind: pollJobKind,
      instanceId,
      module: job.module,
      recordId: job.recordId,
      payload: { ...payload, deferredSince },
      runAt: new Date(Date.now() + pollOrderTimings.retryInMs),
    },
    { ifWaiting: 'merge' },
  );
  deps.logger?.debug(
    { instanceId, module: job.module, waitsFor: pending.module, state: pending.state },
    'poll put off until the poll it depends on has run',
  );
  return true;
}

/** The listing is done: the run covers the records it counted, and finishes once each has its outcome. */
async function closeRun(deps: PollJobDependencies, runId: string, counted: number): Promise<void> {
  await setExpected(deps.db, runId, counted);
  await settleRun(deps, runId);
}

/** A poll under way carries on where it stopped; otherwise a new one starts, its watermark read now. */
function resumeOrStart(
  saved: PollCheckpoint | undefined,
  startedAt: Date,
  overlapMs: number,
): PollCheckpoint {
  if (saved && saved.lastId !== undefined) return { ...saved };
  const since = saved ? new Date(Date.parse(saved.watermark) - overlapMs).toISOString() : null;
  return { watermark: startedAt.toISOString(), since, lastId: 0 };
}

function parseCheckpoint(value: string | undefined): PollCheckpoint | undefined {
  if (value === undefined) return undefined;
  let parsed: Partial<PollCheckpoint>;
  try {
    parsed = JSON.parse(value) as Partial<PollCheckpoint>;
  } catch {
    throw new Error(`poll checkpoint ${value}: must be JSON; delete the cursor to read everything again`);
  }
  if (typeof parsed.watermark !== 'string' || Number.isNaN(Date.parse(parsed.watermark))) {
    throw new Error(`poll checkpoint ${value}: watermark must be an ISO date-time`);
  }
  return {
    watermark: parsed.watermark,
    since: typeof parsed.since === 'string' ? parsed.since : null,
    ...(typeof parsed.lastId === 'number' ? { lastId: parsed.lastId } : {}),
    ...(typeof parsed.counted === 'number' ? { counted: parsed.counted } : {}),
    ...(typeof parsed.runId === 'string' ? { runId: parsed.runId } : {}),
    ...(typeof parsed.at === 'string' ? { at: parsed.at } : {}),
  };
}

/** Whether the instance takes anything of this module from ConnectWise (pull create or update switched on). */
function pullIsOn(runtime: InstanceRuntime, module: string): boolean {
  return runtime.pull.abilities(module, 'pull.create') || runtime.pull.abilities(module, 'pull.update');
}
