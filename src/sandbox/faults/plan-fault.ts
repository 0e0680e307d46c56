import type { FaultSettings } from '../context.js';
import type { RateLimiter } from './rate-limiter.js';

export type FaultOutcome =
  | { kind: 'answer' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'timeout-error' }
  | { kind: 'drop-connection' };

export interface FaultPlan {
  delayMs: number;
  outcome: FaultOutcome;
}

/**
 * Decides what happens to one API request. It always draws three numbers (jitter, drop, timeout) in that order,
 * so a seeded source gives the same plan for the same request number whatever the settings.
 */
export function planFault(
  settings: FaultSettings,
  random: () => number,
  rateLimiter: RateLimiter,
): FaultPlan {
  const jitterDraw = random();
  const dropDraw = random();
  const timeoutDraw = random();
  const delayMs = settings.latencyMs + Math.floor(jitterDraw * (settings.jitterMs + 1));

  const admission = rateLimiter.admit(settings.rateLimit);
  if (!admission.allowed)
    return { delayMs, outcome: { kind: 'rate-limited', retryAfterSeconds: admission.retryAfterSeconds } };
  if (dropDraw < settings.dropConnectionRate) return { delayMs, outcome: { kind: 'drop-connection' } };
  if (timeoutDraw < settings.timeoutErrorRate) return { delayMs, outcome: { kind: 'timeout-error' } };
  return { delayMs, outcome: { kind: 'answer' } };
}
