import { setTimeout as wait } from 'node:timers/promises';
import type { RetryPolicy } from './config.js';

/**
 * Milliseconds to wait according to a `Retry-After` header: delta-seconds or an HTTP date. Undefined when the
 * header is missing or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  nowMs = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * "Full jitter" exponential backoff: a random delay up to min(cap, base × 2^(retry-1)), so clients that failed
 * together do not come back together.
 */
export function computeBackoffDelay(
  retryNumber: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(random() * ceiling);
}

/** Waits `ms`; rejects with the signal's reason when it is aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch((error: unknown) => {
    throw signal?.aborted ? (signal.reason as unknown) : error;
  });
}
