import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ConnectWiseRecord } from '../engine/index.js';
import type { JobHandler } from '../jobs/index.js';
import type { InstanceRuntime } from './instance-runtime.js';
import { payloadOf, pullJobKind } from './job-kinds.js';
import { pullAndFile } from './pull-job.js';
import { runtimeOrSkip, type SyncJobDependencies } from './push-job.js';
import { setExpected, settleRun } from '../runs/index.js';

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
}

export type PollJobDependencies = SyncJobDependencies & PollJobOptions;

/**
 * A module's poll progress, one JSON value in `sync_cursors` per instance and module. `watermark` is when the
 * poll that wrote it started, `since` the lower bound it listed from (null: everything, the first poll). While a
 * poll is under way `lastId` is the last record it finished (0 before the first), so a poll that was stopped
 * resumes after it; a finished poll has no `lastId`, and the next one lists from `watermark` minus the overlap.
 */
export interface PollCheckpoint {
  watermark: string;
  since: string | null;
  lastId?: number;
  /** records the poll counted in its run so far */
  counted?: number;
  /** the run a scheduled poll opened once it found a change */
  runId?: string;
}

export const defaultPollOverlapMs = 120_000;

/** The `sync_cursors` name of a module's poll checkpoint. */
export function pollCursorName(module: string): string {
  return `poll:${module}`;
}

/**
 * The handler of poll jobs: lists the module's ConnectWise records changed since the last poll (by
 * `lastUpdated`, forward-only in id order), takes each into the BSS through `pullAndFile`, and checkpoints after
 * every record. A record cwsync already knows in this state costs one link lookup and no write. A ConnectWise
 * error that ends the listing throws, so the queue retries the poll from its checkpoint; a record that fails
 * goes to the report and does not stop the others. A manual run (payload `runId`) learns how many records it
 * covers once the listing is done; a scheduled poll opens a run only when it finds a change.
 */
export function createPollJobHandler(deps: PollJobDependencies): JobHandler {
  const overlapMs = deps.overlapMs ?? defaultPollOverlapMs;
  const now = deps.now ?? (() => new Date());
  return async (job, { signal }) => {
    const runtime = await runtimeOrSkip(deps, job);
    if (!runtime) return;
    const module = runtime.connector.modules.get(job.module);
    if (!module?.pull || !pullIsOn(runtime, job.module)) return;
    const instanceId = runtime.instance.id;
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

    const changed = runtime.gateway.listChanged(module.definition.connectwise.resource, {
      ...(checkpoint.since === null ? {} : { since: new Date(checkpoint.since) }),
      ...(checkpoint.lastId ? { afterId: checkpoint.lastId } : {}),
      ...(deps.pageSize ? { pageSize: deps.pageSize } : {}),
      label: module.definition.connectwise.label,
      signal,
    });
    for await (const record of changed) {
      signal.throwIfAborted();
      if (await isKnownInThisState(runtime, job.module, record)) {
        if (countsEveryRecord) {
          await deps.state.noteRunOutcome(checkpoint.runId!, job.module, String(record.id), 'unchanged');
          checkpoint.counted = (checkpoint.counted ?? 0) + 1;
        }
      } else {
        checkpoint.runId ??= await deps.reports.startRun({
          instanceId,
          module: job.module,
          direction: 'pull',
          trigger: 'schedule',
        });
        const outcome = await pullAndFile(deps, runtime, job.module, record, checkpoint.runId);
        checkpoint.counted = (checkpoint.counted ?? 0) + 1;
        // Filed in the report either way; a failure that may pass is tried again soon, with the queue's backoff.
        if (outcome.outcome === 'failed' && outcome.failure.retryable) {
          await deps.queue.enqueue({
            kind: pullJobKind,
            instanceId,
            module: job.module,
            recordId: String(record.id),
            payload: { runId: checkpoint.runId },
          });
        }
      }
      checkpoint.lastId = record.id;
      await deps.state.setCursor(instanceId, cursorName, JSON.stringify(checkpoint));
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
  };
}

/** Whether the instance takes anything of this module from ConnectWise (pull create or update switched on). */
function pullIsOn(runtime: InstanceRuntime, module: string): boolean {
  return runtime.pull.abilities(module, 'pull.create') || runtime.pull.abilities(module, 'pull.update');
}

/** Linked, and ConnectWise shows the `lastUpdated` cwsync last wrote or read: nothing new to take. */
async function isKnownInThisState(
  runtime: InstanceRuntime,
  module: string,
  record: ConnectWiseRecord,
): Promise<boolean> {
  const lastUpdated = (record._info as Record<string, unknown> | undefined)?.lastUpdated;
  if (typeof lastUpdated !== 'string') return false;
  const link = await runtime.links.findByConnectwiseId(runtime.instance.id, module, record.id);
  return link?.connectwiseLastUpdated === lastUpdated;
}
