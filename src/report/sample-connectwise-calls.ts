import type { ConnectWiseCounterSnapshot } from '../connectwise/counters.js';
import type { ActivityRepository } from './create-activity-repository.js';

export interface CallSampler {
  /** Files the calls and 429s since the last sample; also runs every `everyMs`. */
  sample(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Adds this process's ConnectWise calls and 429s to the activity minutes, from the clients' own counters (which
 * count from the process start): what changed since the last sample goes to the minute it is taken in.
 */
export function sampleConnectWiseCalls(
  counters: () => Map<string, ConnectWiseCounterSnapshot>,
  activity: Pick<ActivityRepository, 'add'>,
  everyMs = 10_000,
): CallSampler {
  const previous = new Map<string, { requests: number; rateLimited: number }>();
  let running: Promise<void> = Promise.resolve();
  const sample = () =>
    (running = running.then(async () => {
      for (const [instanceId, snapshot] of counters()) {
        const before = previous.get(instanceId) ?? { requests: 0, rateLimited: 0 };
        previous.set(instanceId, { requests: snapshot.requests, rateLimited: snapshot.rateLimited });
        await activity.add(instanceId, {
          calls: Math.max(0, snapshot.requests - before.requests),
          rateLimited: Math.max(0, snapshot.rateLimited - before.rateLimited),
        });
      }
    }));
  const timer = setInterval(() => void sample().catch(() => undefined), everyMs);
  timer.unref();
  return {
    sample,
    async stop() {
      clearInterval(timer);
      await sample().catch(() => undefined);
    },
  };
}
