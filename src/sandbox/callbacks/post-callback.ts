import { setTimeout as sleep } from 'node:timers/promises';
import type { BaseLogger } from 'pino';
import { signCallbackBody } from './sign-callback-body.js';

export interface RetryPolicy {
  /** attempts after the first */
  retries: number;
  /** delay before retry n is firstDelayMs × 2^(n-1) */
  firstDelayMs: number;
  attemptTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, firstDelayMs: 500, attemptTimeoutMs: 10_000 };

export interface CallbackDelivery {
  url: string;
  body: string;
  signingKey: string;
  callbackId: number;
}

/** The URL without its query, which may carry a receiver's token. */
function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}

/**
 * POSTs one signed callback, retrying on network errors and non-2xx answers. Never throws: the outcome is
 * logged and returned, so a dead receiver cannot take the sandbox down.
 */
export async function postCallback(
  delivery: CallbackDelivery,
  policy: RetryPolicy,
  logger: Pick<BaseLogger, 'warn' | 'error'>,
  signal: AbortSignal,
): Promise<boolean> {
  const signature = signCallbackBody(delivery.body, delivery.signingKey);
  for (let attempt = 1; attempt <= policy.retries + 1; attempt += 1) {
    if (signal.aborted) return false;
    let failure: string;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-content-signature': signature },
        body: delivery.body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(policy.attemptTimeoutMs)]),
      });
      await response.body?.cancel();
      if (response.ok) return true;
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const last = attempt > policy.retries;
    logger.warn(
      { callbackId: delivery.callbackId, url: loggableUrl(delivery.url), attempt, failure, willRetry: !last },
      'callback delivery failed',
    );
    if (last) return false;
    try {
      await sleep(policy.firstDelayMs * 2 ** (attempt - 1), undefined, { signal });
    } catch {
      return false;
    }
  }
  return false;
}
