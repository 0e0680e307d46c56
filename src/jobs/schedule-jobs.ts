import type { JobHandler, JobSpec, ScheduleHandler } from './job-queue.js';
import { nextFireTime } from './next-fire-time.js';

/** Schedules are ordinary jobs of this kind, keyed by name: one waiting occurrence per schedule across processes. */
export const scheduleKind = 'cwsync.schedule';

export interface ScheduleEntry {
  name: string;
  every: number | string;
  handler: ScheduleHandler;
}

export type EnqueueMode = 'replace' | 'keep-waiting' | 'merge';
export type EnqueueWithMode = (spec: JobSpec, mode: EnqueueMode) => Promise<void>;

/** The enqueue mode an `EnqueueOptions.ifWaiting` asks for. */
export function enqueueModeOf(ifWaiting: 'replace' | 'keep' | 'merge' | undefined): EnqueueMode {
  return ifWaiting === 'keep' ? 'keep-waiting' : ifWaiting === 'merge' ? 'merge' : 'replace';
}

/**
 * A waiting job's payload overlaid by a new one's: objects merge field by field, a missing payload keeps the old.
 * graphile-enqueue-function.ts does the same in SQL: change both.
 */
export function mergePayloads(waiting: unknown, next: unknown): unknown {
  if (next === null || next === undefined) return waiting ?? null;
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject(waiting) && isObject(next) ? { ...(waiting as object), ...(next as object) } : next;
}

export function validateSchedule(entries: ScheduleEntry[], entry: ScheduleEntry): void {
  if (!/^[\w.:-]{1,100}$/.test(entry.name)) {
    throw new Error(`schedule name "${entry.name}": must be 1-100 letters, digits, _ . : -`);
  }
  if (entries.some((existing) => existing.name === entry.name)) {
    throw new Error(`schedule name "${entry.name}": is already registered`);
  }
  nextFireTime(entry.every, new Date()); // throws on a bad interval or expression
}

function scheduleSpec(name: string, dueAt: Date): JobSpec {
  return {
    kind: scheduleKind,
    instanceId: '-',
    module: '-',
    recordId: name,
    payload: { dueAt: dueAt.toISOString() },
    runAt: dueAt,
  };
}

/** Queues each schedule's next occurrence unless one is already waiting (another process may have done it). */
export async function seedSchedules(entries: ScheduleEntry[], enqueue: EnqueueWithMode): Promise<void> {
  const now = new Date();
  for (const entry of entries) {
    await enqueue(scheduleSpec(entry.name, nextFireTime(entry.every, now)), 'keep-waiting');
  }
}

/** The handler of the schedule kind: queues the next occurrence first (a failure must not end the schedule). */
export function scheduleHandler(entries: ScheduleEntry[], enqueue: EnqueueWithMode): JobHandler {
  return async (job, context) => {
    const entry = entries.find((candidate) => candidate.name === job.recordId);
    if (entry === undefined) return; // a schedule this process does not know: another version registered it
    const payload = job.payload as { dueAt?: string } | null;
    const dueAt = new Date(payload?.dueAt ?? Date.now());
    await enqueue(scheduleSpec(entry.name, nextFireTime(entry.every, new Date())), 'replace');
    await entry.handler(dueAt, context);
  };
}
