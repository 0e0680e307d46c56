import type { CompiledModule } from '../engine/index.js';
import type { InstanceRuntime } from './instance-runtime.js';
import type { SyncState } from './sync-state.js';

/**
 * A poll waits for the polls of the modules its records depend on (contacts for accounts), so that a contact
 * arrives after its company: pulled while the company's poll is still under way, most contacts of a first pull
 * found their company missing, and each then cost a wait, a pull job reading the company again and a second read
 * of the contact (1 001 waits, 1 531 extra GETs in a 24 000-record pull, docs/benchmarks.md "First pull").
 *
 * A prerequisite's poll counts as pending while it is under way and moving (a checkpoint saved within
 * `stalledAfterMs`), or once asked for (`notePollDue`, when a run or the schedule queues it) until a poll that
 * started after that finishes; a dependant waits for one asked for at most `dueForMs`, so a poll that can never
 * run does not hold it back for good. A contact whose company is still missing afterwards waits and reads it as
 * before.
 */
export const pollOrderTimings = {
  /** an under-way poll that saved no checkpoint for this long has stopped (a retry's backoff, a dead worker) */
  stalledAfterMs: 120_000,
  /** a dependant waits this long at most for a poll asked for that does not start (a failed job, a long queue) */
  dueForMs: 600_000,
  /** how long a deferred poll waits before it looks again */
  retryInMs: 1_000,
};

/** The `sync_cursors` name of when a module's poll was last asked for. */
export function pollDueCursorName(module: string): string {
  return `poll-due:${module}`;
}

/** Notes that a poll of the module was just queued: its dependants wait for it. */
export async function notePollDue(
  state: Pick<SyncState, 'setCursor'>,
  instanceId: string,
  module: string,
  at: Date = new Date(),
): Promise<void> {
  await state.setCursor(instanceId, pollDueCursorName(module), at.toISOString());
}

/** The modules whose polls this module's poll waits for: its `before` dependencies the instance pulls too. */
export function pollPrerequisites(
  runtime: InstanceRuntime,
  module: CompiledModule,
  pullIsOn: (module: string) => boolean,
): string[] {
  const prerequisites = new Set<string>();
  for (const dependency of module.dependencyIds) {
    if (dependency.order !== 'before' || !dependency.connectwiseId) continue;
    if (dependency.module === module.name) continue;
    if (!runtime.connector.modules.get(dependency.module)?.pull || !pullIsOn(dependency.module)) continue;
    prerequisites.add(dependency.module);
  }
  return [...prerequisites];
}

/** What a module's poll checkpoint says about it, as far as its dependants care. */
export interface PollProgress {
  /** when the last poll that saved it started */
  watermark: string;
  /** set while a poll is under way */
  lastId?: number;
  /** when an under-way poll last saved it */
  at?: string;
}

export interface PendingPoll {
  module: string;
  /** `under way`: listing and moving; `asked for`: queued (by a run or the schedule) and not started yet */
  state: 'under way' | 'asked for';
}

/** The first prerequisite whose poll is pending now, if any. */
export async function pendingPrerequisite(
  state: Pick<SyncState, 'getCursor'>,
  instanceId: string,
  prerequisites: string[],
  readProgress: (module: string) => Promise<PollProgress | undefined>,
  now: Date,
): Promise<PendingPoll | undefined> {
  for (const module of prerequisites) {
    const progress = await readProgress(module);
    if (progress?.lastId !== undefined) {
      // A poll under way decides by itself: moving, it is waited for; stalled, it is not (a later one resumes it).
      const moving =
        progress.at !== undefined &&
        now.getTime() - Date.parse(progress.at) < pollOrderTimings.stalledAfterMs;
      if (moving) return { module, state: 'under way' };
      continue;
    }
    const due = await state.getCursor(instanceId, pollDueCursorName(module));
    if (due === undefined || Number.isNaN(Date.parse(due))) continue;
    const servedBy = progress ? Date.parse(progress.watermark) : Number.NEGATIVE_INFINITY;
    if (Date.parse(due) > servedBy) return { module, state: 'asked for' };
  }
  return undefined;
}
