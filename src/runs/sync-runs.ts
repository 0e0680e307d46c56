import { ValidationError } from '../errors/index.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { RecordStore } from '../bss/store/index.js';
import { isEntityName } from '../bss/records/index.js';
import type { Database } from '../db/schema.js';
import type { CompiledConnector } from '../engine/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { ReportRepository, RunCounts, RunTrigger, SyncDirection } from '../report/index.js';
import { pollJobKind, pushJobKind } from '../sync/job-kinds.js';
import { notePollDue } from '../sync/poll-order.js';
import type { SyncState } from '../sync/sync-state.js';

export interface SyncRunDependencies {
  db: Kysely<Database>;
  store: RecordStore;
  connector: CompiledConnector;
  reports: ReportRepository;
  state: SyncState;
  queue: Pick<JobQueue, 'enqueue'>;
}

export interface RunRequest {
  instanceId: string;
  module: string;
  direction: SyncDirection;
  trigger: RunTrigger;
}

export interface RunProgress {
  id: string;
  instanceId: string;
  module: string;
  direction: SyncDirection;
  status: 'running' | 'succeeded' | 'failed';
  /** records the run queued (push) or found changed (pull, once its poll has paged through) */
  expected?: number;
  counts: RunCounts;
  /** records with a final outcome: everything but `waiting` */
  done: number;
}

const countNames = [
  'created',
  'updated',
  'linked',
  'unchanged',
  'failed',
  'skipped',
  'waiting',
  'ambiguous',
] as const;

/**
 * Starts a run: a push run queues every BSS record of the module (the initial sync, a full re-sync); a pull run
 * queues a poll of the module (ConnectWise records changed since the last one). Jobs carry the run's id, so
 * each record's latest outcome counts in it.
 */
export async function startRun(deps: SyncRunDependencies, request: RunRequest): Promise<string> {
  const module = deps.connector.modules.get(request.module);
  if (!module) {
    throw new ValidationError(
      [{ path: 'module', rule: 'knownModule', message: `the connector has no module "${request.module}"` }],
      `the connector has no module "${request.module}"`,
    );
  }
  if (!module[request.direction]) {
    const message = `the connector does not ${request.direction} ${request.module}`;
    throw new ValidationError([{ path: 'direction', rule: 'supportedAbility', message }], message);
  }
  const runId = await deps.reports.startRun(request);
  if (request.direction === 'pull') {
    // noted first, so that a poll depending on this one (contacts on accounts) waits for it
    await notePollDue(deps.state, request.instanceId, request.module);
    await deps.queue.enqueue({
      kind: pollJobKind,
      instanceId: request.instanceId,
      module: request.module,
      recordId: '-',
      payload: { runId },
    });
    return runId;
  }
  const entity = module.definition.bssEntity;
  if (!isEntityName(entity)) throw new Error(`module ${request.module}: the BSS has no entity "${entity}"`);
  let expected = 0;
  let after: string | undefined;
  do {
    const page = await deps.store.list(entity, { limit: 500, ...(after ? { after } : {}) });
    for (const record of page.items) {
      await deps.queue.enqueue({
        kind: pushJobKind,
        instanceId: request.instanceId,
        module: request.module,
        recordId: String(record.id),
        payload: { runId },
      });
      expected += 1;
    }
    after = page.nextCursor ?? undefined;
    // A page's jobs at a time: on SQLite the enqueues never yield by themselves (see feedChanges).
    await yieldToEventLoop();
  } while (after !== undefined);
  await setExpected(deps.db, runId, expected);
  if (expected === 0) await settleRun(deps, runId);
  return runId;
}

export async function setExpected(db: Kysely<Database>, runId: string, expected: number): Promise<void> {
  await db.updateTable('sync_runs').set({ expected }).where('id', '=', runId).execute();
}

export async function runProgress(
  deps: Pick<SyncRunDependencies, 'db' | 'state'>,
  runId: string,
): Promise<RunProgress | undefined> {
  const row = await deps.db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row) return undefined;
  const outcomes = await deps.state.runOutcomes(runId);
  const counts = Object.fromEntries(countNames.map((name) => [name, outcomes[name] ?? 0])) as RunCounts;
  const done = countNames.filter((name) => name !== 'waiting').reduce((sum, name) => sum + counts[name], 0);
  return {
    id: String(row.id),
    instanceId: row.instance_id,
    module: row.module,
    direction: row.direction,
    status: row.status,
    ...(row.expected !== null ? { expected: Number(row.expected) } : {}),
    counts,
    done,
  };
}

/**
 * Finishes a run whose every record has a final outcome (or, with `force`, one nothing moves in any more: what
 * still waits is counted as waiting, and stays in the report). Failed when any record failed, waits or is
 * ambiguous. Returns the progress, finished or not.
 */
export async function settleRun(
  deps: Pick<SyncRunDependencies, 'db' | 'state' | 'reports'>,
  runId: string,
  options: { force?: boolean } = {},
): Promise<RunProgress | undefined> {
  const progress = await runProgress(deps, runId);
  if (!progress || progress.status !== 'running') return progress;
  const complete = progress.expected !== undefined && progress.done >= progress.expected;
  if (!complete && !options.force) return progress;
  const { counts } = progress;
  const status = counts.failed + counts.waiting + counts.ambiguous > 0 ? 'failed' : 'succeeded';
  await deps.reports.finishRun(runId, { status, counts });
  return { ...progress, status };
}

/**
 * Settles every running run: complete ones are finished; one whose records have not moved for `idleMs` (its
 * jobs coalesced into others, or it waits for a record that cannot sync) is finished as it stands. A pull run
 * whose poll has not finished its listing counts as moving while any running run of its instance moves: its poll
 * may be put off until the poll of a module it depends on has run (contacts after accounts, poll-order.ts).
 */
export async function settleRunningRuns(
  deps: Pick<SyncRunDependencies, 'db' | 'state' | 'reports'>,
  idleMs: number,
  now: Date = new Date(),
): Promise<number> {
  const running = await deps.db
    .selectFrom('sync_runs')
    .select(['id', 'started_at', 'instance_id', 'direction', 'expected'])
    .where('status', '=', 'running')
    .execute();
  let finished = 0;
  for (const run of running) {
    const last = await deps.db
      .selectFrom('sync_run_records')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('run_id', '=', String(run.id))
      .executeTakeFirst();
    let lastMove = Date.parse(String(last?.at ?? run.started_at));
    if (run.direction === 'pull' && run.expected === null && now.getTime() - lastMove > idleMs) {
      const instanceRuns = running.filter((other) => other.instance_id === run.instance_id);
      const instanceLast = await deps.db
        .selectFrom('sync_run_records')
        .select((eb) => eb.fn.max('at').as('at'))
        .where(
          'run_id',
          'in',
          instanceRuns.map((other) => String(other.id)),
        )
        .executeTakeFirst();
      if (instanceLast?.at) lastMove = Math.max(lastMove, Date.parse(String(instanceLast.at)));
    }
    const idle = now.getTime() - lastMove > idleMs;
    const progress = await settleRun(deps, String(run.id), { force: idle });
    if (progress?.status !== 'running') finished += 1;
  }
  return finished;
}
