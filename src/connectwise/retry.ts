import { setTimeout as wait } from 'node:timers/promises';

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

/** Waits `ms`; rejects with the signal's reason when it is aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch((error: unknown) => {
    throw signal?.aborted ? (signal.reason as unknown) : error;
  });
}
