import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/shared/index.js';

describe('backoffDelay', () => {
  it('equal jitter (job queue): doubles per attempt, with half of it random, up to the cap', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };
    expect(backoffDelay(1, policy, 'equal', () => 0)).toBe(500);
    expect(backoffDelay(1, policy, 'equal', () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, 'equal', () => 1)).toBe(4000);
    expect(backoffDelay(3, policy, 'equal', () => 0)).toBe(2000);
    expect(backoffDelay(30, policy, 'equal', () => 1)).toBe(60_000);
    expect(backoffDelay(500, policy, 'equal', () => 0.5)).toBe(45_000);
  });

  it('equal jitter (webhooks): between half and all of the step, never longer than the cap', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 10 };
    expect(backoffDelay(2, policy, 'equal', () => 0)).toBe(1000);
    expect(backoffDelay(4, policy, 'equal', () => 1)).toBe(8000);
    expect(backoffDelay(7, policy, 'equal', () => 1)).toBe(60_000);
    expect(backoffDelay(500, policy, 'equal', () => 1)).toBe(60_000);
    expect(backoffDelay(500, policy, 'equal', () => 0)).toBe(30_000);
  });

  it('full jitter (ConnectWise client): anywhere from 0 to the capped step', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, 'full', () => 1)).toBe(100);
    expect(backoffDelay(3, policy, 'full', () => 1)).toBe(400);
    expect(backoffDelay(10, policy, 'full', () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, 'full', () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, 'full', () => 0)).toBe(0);
  });

  it('stays finite with a zero base and any number of retries', () => {
    expect(backoffDelay(10_000, { baseDelayMs: 0, maxDelayMs: 1000 }, 'full', () => 1)).toBe(0);
  });
});
