import type { RetryPolicy } from '../shared/index.js';

/**
 * 1 s, 2 s, 4 s … capped at 1 hour (equal jitter: `backoffDelay` in src/shared); after 80 failed attempts at one
 * change, about 3 days, the subscription is switched off (its cursor is kept).
 */
export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 3_600_000, maxAttempts: 80 };
