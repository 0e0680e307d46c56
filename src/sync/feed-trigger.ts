export interface FeedTrigger {
  /** Reads the feed now; while a read is under way, asks for one more after it and waits for that. */
  run(): Promise<void>;
  /** A write came in: reads the feed after `delayMs` (writes in that window share one read). */
  soon(): void;
  close(): void;
}

/**
 * One reader of the change feed per process, whoever asks — the 2-second schedule (the fallback) or a write
 * (`soon`) — so two reads never race over the cursor, and a write during a read is never missed: the read goes
 * round once more.
 */
export function createFeedTrigger(
  feed: () => Promise<unknown>,
  options: { delayMs?: number; onError?: (error: unknown) => void } = {},
): FeedTrigger {
  const delayMs = options.delayMs ?? 10;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const loop = async (): Promise<void> => {
    try {
      do {
        again = false;
        await feed();
      } while (again && !closed);
    } finally {
      running = undefined;
    }
  };

  const trigger: FeedTrigger = {
    run() {
      if (running !== undefined) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
    soon() {
      if (closed || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        trigger.run().catch((error: unknown) => options.onError?.(error));
      }, delayMs);
      timer.unref();
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
  return trigger;
}
