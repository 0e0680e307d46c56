/**
 * Delay before retry number `attempt` (1 = the first retry): base·2^(attempt-1), capped, then "equal jitter" (half
 * fixed, half random) so that jobs failing together do not retry together.
 */
export function computeBackoff(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
