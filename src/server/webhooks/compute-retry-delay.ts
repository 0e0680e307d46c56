export interface RetryPolicy {
  /** Delay before the first retry; doubles with every further attempt. */
  baseDelayMs: number;
  /** The cap: no wait is longer than this, however many attempts failed. */
  maxDelayMs: number;
  /** After this many failed attempts at one change the subscription is deactivated (its cursor is kept). */
  maxAttempts: number;
}

/** 1 s, 2 s, 4 s … capped at 1 hour; about 3 days of retries before a subscription is switched off. */
export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 3_600_000, maxAttempts: 80 };

/**
 * Wait before the next attempt after `failedAttempts` failures: capped exponential backoff with "equal jitter"
 * (a uniform draw between half the step and the whole step: never less than half the backoff), so receivers that come back are not hit by every
 * subscription at the same instant.
 */
export function computeRetryDelay(
  failedAttempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
  return Math.round(step / 2 + random() * (step / 2));
}
