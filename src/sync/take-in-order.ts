export interface TakeInOrderOptions<T, R> {
  /** items worked on at once (at least 1) */
  concurrency: number;
  /**
   * Called in the items' order for each item once it and every item before it are done: the point a resumed
   * listing may start after without skipping anything, however the work in flight finished.
   */
  passed(item: T, result: R): void;
  /** Saves the progress `passed` noted, after every `concurrency` items passed and once at the end. */
  save(): Promise<void>;
  signal?: AbortSignal;
}

interface Slot<T, R> {
  item: T;
  done: boolean;
  result?: R;
}

/**
 * Works through an async listing `concurrency` items at a time, reading the next item only when a slot is free
 * (so nothing beyond the items in flight is held besides the listing's own page), and reports progress as the
 * longest finished prefix: an item that finishes early is not passed until every item before it has finished.
 * When one item's work throws, the items in flight finish first (nothing keeps writing after this returns), the
 * progress up to the first unfinished item is saved, and the error is thrown.
 */
export async function takeInOrder<T, R>(
  items: AsyncIterable<T>,
  work: (item: T) => Promise<R>,
  options: TakeInOrderOptions<T, R>,
): Promise<void> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const started: Array<Slot<T, R>> = [];
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let passedSinceSave = 0;

  const passFinishedPrefix = () => {
    while (started.length > 0 && started[0]!.done) {
      const slot = started.shift()!;
      options.passed(slot.item, slot.result as R);
      passedSinceSave += 1;
    }
  };
  const saveIfDue = async (force: boolean) => {
    if (passedSinceSave === 0 || (!force && passedSinceSave < concurrency)) return;
    passedSinceSave = 0;
    await options.save();
  };
  const settleRunning = async () => {
    await Promise.all(running);
    passFinishedPrefix();
  };

  try {
    for await (const item of items) {
      options.signal?.throwIfAborted();
      const slot: Slot<T, R> = { item, done: false };
      started.push(slot);
      const task: Promise<void> = work(item).then(
        (result) => {
          slot.result = result;
          slot.done = true;
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
      running.add(task);
      void task.finally(() => running.delete(task));
      while (running.size >= concurrency && !failure) await Promise.race(running);
      if (failure) break;
      passFinishedPrefix();
      await saveIfDue(false);
    }
  } catch (error) {
    // the listing (or the abort signal) failed: what is in flight finishes and is saved, then the error is thrown
    failure ??= { error };
  }
  await settleRunning();
  if (!failure) return saveIfDue(true);
  // Saving what finished spares a resumed listing some work; an error here must not hide the one that stopped it.
  await saveIfDue(true).catch(() => undefined);
  throw failure.error;
}
