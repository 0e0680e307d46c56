/** How often, and how far apart, something that failed is tried again. */
export interface RetryPolicy {
  /** Delay before the first retry; doubles with every further one. */
  baseDelayMs: number;
  /** The cap: no wait is longer than this, however many attempts failed. */
  maxDelayMs: number;
  /** Attempts in all (the first try included) before giving up. */
  maxAttempts: number;
}

/**
 * How the random part is drawn: `equal` waits between half the step and the whole step (never less than half
 * the backoff: the job queue and webhooks, where a retry soon after a failure is wasted); `full` waits anywhere
 * from 0 to the step (the ConnectWise client, where many requests failing together must spread out most).
 */
export type Jitter = 'equal' | 'full';

/**
 * Delay before retry number `retry` (1 = the first retry): min(cap, base·2^(retry−1)), then jittered so that
 * what failed together does not come back together.
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  jitter: Jitter,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(52, Math.max(0, retry - 1)));
  return Math.round(jitter === 'full' ? random() * step : step / 2 + random() * (step / 2));
}
