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
  /** a POST: loses its answer at `lostCreateAnswerRate` */
  isCreate: boolean;
  /** a PATCH or PUT: loses its answer at `lostUpdateAnswerRate` (the client sends it again, or a worker dies first) */
  isUpdate?: boolean;
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
  if (request.isUpdate === true && lostAnswerDraw < settings.lostUpdateAnswerRate)
    return { delayMs, outcome: { kind: 'lose-answer' } };
  return { delayMs, outcome: { kind: 'answer' } };
}
