import { minuteOf, type ActivityCounts, type ActivityRepository } from './create-activity-repository.js';

/** How long an outcome's count waits in memory before it is written (at most). */
export const activityFlushMs = 1_000;

export interface ActivityBuffer {
  /** Counts one outcome in the current minute; written within `activityFlushMs`. */
  count(instanceId: string, name: keyof ActivityCounts): void;
  /** Writes what is counted so far (the activity chart's reader and a process's stop call it). */
  flush(): Promise<void>;
}

/**
 * The activity chart's counts of synced, failed and waiting records, kept in memory and added to their minutes
 * once a second instead of a statement in every job's transaction (issue 14: ~1.3 statements per pushed record).
 * A process killed loses at most its last second of counts (the ConnectWise calls sampled beside them: 10 s); a
 * stopped one writes them (`flush`). Counts that fail to be written are kept for the next flush.
 */
export function bufferActivity(
  activity: Pick<ActivityRepository, 'add'>,
  everyMs = activityFlushMs,
): ActivityBuffer {
  let pending = new Map<string, { instanceId: string; at: Date; counts: Partial<ActivityCounts> }>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const keep = (instanceId: string, at: Date, counts: Partial<ActivityCounts>) => {
    const key = `${instanceId}\u0000${minuteOf(at)}`;
    const entry = pending.get(key) ?? { instanceId, at, counts: {} };
    for (const [name, value] of Object.entries(counts) as Array<[keyof ActivityCounts, number]>) {
      entry.counts[name] = (entry.counts[name] ?? 0) + value;
    }
    pending.set(key, entry);
  };

  const write = async () => {
    const taken = pending;
    pending = new Map();
    for (const { instanceId, at, counts } of taken.values()) {
      try {
        await activity.add(instanceId, counts, at);
      } catch {
        keep(instanceId, at, counts); // the database busy a moment: the next flush writes them
      }
    }
    if (pending.size > 0) schedule();
  };

  function schedule(): void {
    timer ??= setTimeout(() => {
      timer = undefined;
      void flush();
    }, everyMs).unref();
  }

  function flush(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    writing = writing.then(write);
    return writing;
  }

  return {
    count(instanceId, name) {
      keep(instanceId, new Date(), { [name]: 1 });
      schedule();
    },
    flush,
  };
}
