import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AdaptiveConcurrencyLimiter } from '../../src/connectwise/limiter.js';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('the concurrency cap', () => {
  it('never lets more than maxConcurrency requests reach the server at once', async () => {
    server = await startStubServer(async (request, response) => {
      await delay(15);
      sendJson(response, 200, { id: Number(request.url.split('/').pop()), identifier: 'X', name: 'X' });
    });
    const client = createTestClient(server.url, { maxConcurrency: 3 });
    const ids = Array.from({ length: 30 }, (_, index) => index + 1);
    const companies = await Promise.all(ids.map((id) => client.company.companies.get(id)));
    expect(companies.map((company) => company.id)).toEqual(ids);
    expect(server.maxInFlight).toBe(3);
    await client.close();
  });
});

describe('the adaptive limiter', () => {
  it('halves on a 429, counts a burst of 429s from one epoch once, and grows back by one per run of successes', () => {
    let now = 0;
    const limiter = new AdaptiveConcurrencyLimiter(8, () => now);
    const epoch = limiter.epoch;
    limiter.recordRateLimited(1000, epoch);
    limiter.recordRateLimited(1000, epoch);
    limiter.recordRateLimited(1000, epoch);
    expect(limiter.snapshot()).toMatchObject({ limit: 4, pausedForMs: 1000 });
    limiter.recordRateLimited(500, limiter.epoch);
    expect(limiter.snapshot()).toMatchObject({ limit: 2, pausedForMs: 1000 });
    now = 2000;
    limiter.recordSuccess();
    expect(limiter.snapshot().limit).toBe(2);
    limiter.recordSuccess();
    expect(limiter.snapshot().limit).toBe(3);
    for (let success = 0; success < 3 + 4 + 5 + 6 + 7; success += 1) limiter.recordSuccess();
    expect(limiter.snapshot().limit).toBe(8);
  });

  it('holds every waiting request while paused and lets retries go first', async () => {
    const limiter = new AdaptiveConcurrencyLimiter(1);
    const order: string[] = [];
    const firstRelease = await limiter.acquire();
    limiter.recordRateLimited(30, limiter.epoch);
    const fresh = limiter.acquire().then((release) => {
      order.push('fresh');
      release();
    });
    const retry = limiter.acquire(true).then((release) => {
      order.push('retry');
      release();
    });
    firstRelease();
    await delay(5);
    expect(order).toEqual([]);
    await Promise.all([fresh, retry]);
    expect(order).toEqual(['retry', 'fresh']);
  });
});
