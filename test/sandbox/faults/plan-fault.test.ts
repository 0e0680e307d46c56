import { describe, expect, it } from 'vitest';
import type { FaultSettings } from '../../../src/sandbox/context.js';
import { createFaultController } from '../../../src/sandbox/faults/fault-controller.js';
import { noFaults } from '../../../src/sandbox/faults/fault-settings.js';
import { planFault } from '../../../src/sandbox/faults/plan-fault.js';
import { createRateLimiter } from '../../../src/sandbox/faults/rate-limiter.js';
import { createSeededRandom } from '../../../src/sandbox/faults/seeded-random.js';

function outcomes(settings: FaultSettings, seed: number, count: number) {
  const random = createSeededRandom(seed);
  const limiter = createRateLimiter(() => 0);
  return Array.from({ length: count }, () => planFault(settings, random, limiter));
}

describe('fault planning', () => {
  it('replays the same plans for the same seed and differs for another seed', () => {
    const settings = { ...noFaults, jitterMs: 100, timeoutErrorRate: 0.3, dropConnectionRate: 0.1 };
    expect(outcomes(settings, 7, 50)).toEqual(outcomes(settings, 7, 50));
    expect(outcomes(settings, 7, 50)).not.toEqual(outcomes(settings, 8, 50));
  });

  it('answers everything without delay when no fault is set', () => {
    const plans = outcomes(noFaults, 1, 200);
    expect(plans.every((plan) => plan.delayMs === 0 && plan.outcome.kind === 'answer')).toBe(true);
  });

  it('keeps the delay between latency and latency + jitter', () => {
    const plans = outcomes({ ...noFaults, latencyMs: 20, jitterMs: 30 }, 3, 500);
    const delays = plans.map((plan) => plan.delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  it('replaces about the configured share of answers with timeouts and dropped connections', () => {
    const plans = outcomes({ ...noFaults, timeoutErrorRate: 0.25, dropConnectionRate: 0.1 }, 11, 4_000);
    const share = (kind: string) => plans.filter((plan) => plan.outcome.kind === kind).length / plans.length;
    // drops are drawn first, timeouts from what remains: 0.25 × 0.9
    expect(share('drop-connection')).toBeGreaterThan(0.08);
    expect(share('drop-connection')).toBeLessThan(0.12);
    expect(share('timeout-error')).toBeGreaterThan(0.2);
    expect(share('timeout-error')).toBeLessThan(0.25);
  });

  it('loses the answers of about the configured share of updates, and of no create or read by that share', () => {
    const random = createSeededRandom(13);
    const limiter = createRateLimiter(() => 0);
    const settings = { ...noFaults, lostUpdateAnswerRate: 0.2 };
    const lost = (request: { isCreate: boolean; isUpdate?: boolean }) =>
      Array.from({ length: 2_000 }, () => planFault(settings, random, limiter, request)).filter(
        (plan) => plan.outcome.kind === 'lose-answer',
      ).length / 2_000;
    expect(lost({ isCreate: false, isUpdate: true })).toBeGreaterThan(0.17);
    expect(lost({ isCreate: false, isUpdate: true })).toBeLessThan(0.23);
    expect(lost({ isCreate: true })).toBe(0);
    expect(lost({ isCreate: false })).toBe(0);
  });

  it('puts the rate limit before the random faults', () => {
    const plans = outcomes(
      { ...noFaults, dropConnectionRate: 1, rateLimit: { limit: 2, windowSeconds: 30 } },
      5,
      4,
    );
    expect(plans.map((plan) => plan.outcome.kind)).toEqual([
      'drop-connection',
      'drop-connection',
      'rate-limited',
      'rate-limited',
    ]);
  });
});

describe('fault controller', () => {
  it('merges partial updates, re-seeds on demand and restarts the sequence', () => {
    const controller = createFaultController({ latencyMs: 5 });
    controller.update({ jitterMs: 40, seed: 99 });
    expect(controller.settings()).toMatchObject({ latencyMs: 5, jitterMs: 40, rateLimit: null, seed: 99 });
    const first = Array.from({ length: 20 }, () => controller.plan().delayMs);
    controller.restart();
    expect(Array.from({ length: 20 }, () => controller.plan().delayMs)).toEqual(first);
    controller.update({ rateLimit: { limit: 1, windowSeconds: 5 } });
    controller.update({ rateLimit: null });
    expect(controller.settings().rateLimit).toBeNull();
  });
});
