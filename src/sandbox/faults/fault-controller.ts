import type { FaultSettings } from '../context.js';
import { mergeFaultSettings, noFaults } from './fault-settings.js';
import { planFault, type FaultPlan, type PlannedRequest } from './plan-fault.js';
import { createRateLimiter } from './rate-limiter.js';
import { createSeededRandom } from './seeded-random.js';

/** Default seed: fault runs replay identically unless a test or operator picks another. */
export const defaultFaultSeed = 2022;

/** Holds the live fault settings and the random source; the fault hook asks it for a plan per request. */
export function createFaultController(initial: Partial<FaultSettings> = {}, now: () => number = Date.now) {
  let settings = mergeFaultSettings(noFaults, initial);
  let seed = defaultFaultSeed;
  let random = createSeededRandom(seed);
  const rateLimiter = createRateLimiter(now);

  return {
    settings: (): FaultSettings & { seed: number } => ({ ...settings, seed }),
    update(patch: Partial<FaultSettings> & { seed?: number }) {
      settings = mergeFaultSettings(settings, patch);
      if (patch.rateLimit !== undefined) rateLimiter.reset();
      if (patch.seed !== undefined) {
        seed = patch.seed;
        random = createSeededRandom(seed);
      }
    },
    plan: (request?: PlannedRequest): FaultPlan => planFault(settings, random, rateLimiter, request),
    /** Back to the current seed's first draw and an empty rate window (admin reset). */
    restart() {
      random = createSeededRandom(seed);
      rateLimiter.reset();
    },
  };
}

export type FaultController = ReturnType<typeof createFaultController>;
