import type { FaultSettings } from '../context.js';
import type { RateLimiter } from './rate-limiter.js';

export type FaultOutcome =
  | { kind: 'answer' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'timeout-error' }
  | { kind: 'drop-connection' }
  /** the request is carried out, then the connection is closed instead of answering */
  | { kind: 'lose-answer' };

export interface FaultPlan {
  delayMs: number;
  outcome: FaultOutcome;
}

/** What the planner needs to know of the request itself. */
export interface PlannedRequest {
  /** a POST: only creates can lose their answer (a lost PATCH or PUT answer is simply sent again) */
  isCreate: boolean;
}

/**
 * Decides what happens to one API request. It always draws four numbers (jitter, drop, timeout, lost answer) in
 * that order, so a seeded source gives the same plan for the same request number whatever the settings.
 */
export function planFault(
  settings: FaultSettings,
  random: () => number,
  rateLimiter: RateLimiter,
  request: PlannedRequest = { isCreate: false },
): FaultPlan {
  const jitterDraw = random();
  const dropDraw = random();
  const timeoutDraw = random();
  const lostAnswerDraw = random();
  const delayMs = settings.latencyMs + Math.floor(jitterDraw * (settings.jitterMs + 1));

  const admission = rateLimiter.admit(settings.rateLimit);
  if (!admission.allowed)
    return { delayMs, outcome: { kind: 'rate-limited', retryAfterSeconds: admission.retryAfterSeconds } };
  if (dropDraw < settings.dropConnectionRate) return { delayMs, outcome: { kind: 'drop-connection' } };
  if (timeoutDraw < settings.timeoutErrorRate) return { delayMs, outcome: { kind: 'timeout-error' } };
  if (request.isCreate && lostAnswerDraw < settings.lostCreateAnswerRate)
    return { delayMs, outcome: { kind: 'lose-answer' } };
  return { delayMs, outcome: { kind: 'answer' } };
}
