export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counter: the window opens with the first call and every call in it counts, rejected ones too
 * (a client hammering through its 429s stays limited, as behind ConnectWise's Cloudflare front).
 */
export function createRateLimiter(now: () => number = Date.now) {
  let windowStartedAt = 0;
  let windowMs = 0;
  let calls = 0;

  return {
    admit(rateLimit: RateLimit | null): RateDecision {
      if (!rateLimit) return { allowed: true };
      const at = now();
      const lengthMs = rateLimit.windowSeconds * 1000;
      if (calls === 0 || windowMs !== lengthMs || at >= windowStartedAt + lengthMs) {
        windowStartedAt = at;
        windowMs = lengthMs;
        calls = 0;
      }
      calls += 1;
      if (calls <= rateLimit.limit) return { allowed: true };
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStartedAt + lengthMs - at) / 1000));
      return { allowed: false, retryAfterSeconds };
    },
    reset() {
      calls = 0;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
