import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/sandbox/faults/rate-limiter.js';

describe('rate limiter', () => {
  it('admits `limit` calls per window, then answers with the seconds left in the window', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter(() => now);
    const rule = { limit: 3, windowSeconds: 10 };
    expect([1, 2, 3].map(() => limiter.admit(rule).allowed)).toEqual([true, true, true]);
    expect(limiter.admit(rule)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 4_200;
    expect(limiter.admit(rule)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    now += 5_800;
    expect(limiter.admit(rule).allowed).toBe(true);
  });

  it('admits everything without a rule, and starts a fresh window after reset', () => {
    const now = 0;
    const limiter = createRateLimiter(() => now);
    expect(Array.from({ length: 50 }, () => limiter.admit(null).allowed).every(Boolean)).toBe(true);
    const rule = { limit: 1, windowSeconds: 60 };
    limiter.admit(rule);
    expect(limiter.admit(rule).allowed).toBe(false);
    limiter.reset();
    expect(limiter.admit(rule).allowed).toBe(true);
  });
});
