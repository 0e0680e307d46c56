import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Cloudflare-like fixed window: `limit` calls per second, then 429 with the seconds left in the window. */
async function startRateLimitedServer(limit: number): Promise<StubServer> {
  let windowStart = Date.now();
  let used = 0;
  return startStubServer((_request, response) => {
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      used = 0;
    }
    used += 1;
    if (used > limit) {
      const secondsLeft = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
      sendJson(
        response,
        429,
        { code: 'TooManyRequests', message: 'Rate limited' },
        { 'retry-after': String(secondsLeft) },
      );
      return;
    }
    sendJson(response, 200, { count: 1 });
  });
}

describe('a burst against a rate-limited ConnectWise', () => {
  it('completes every request with a bounded number of 429s, not a retry storm', async () => {
    server = await startRateLimitedServer(60);
    const client = createTestClient(server.url, { maxConcurrency: 8 });
    const results = await Promise.all(Array.from({ length: 200 }, () => client.company.companies.count()));
    expect(results).toHaveLength(200);
    const { counters, limiter } = client.stats();
    expect(counters.byStatus['200']).toBe(200);
    // each of the ~3 exhausted windows costs about the requests in flight when it ran out (≤ 8, plus the odd
    // one sent while a 429 was on its way back), never one per waiting request: 200 × attempts would be 1000+
    expect(counters.rateLimited).toBeGreaterThan(0);
    expect(counters.rateLimited).toBeLessThanOrEqual(48);
    expect(server.requests.length).toBe(200 + counters.rateLimited);
    expect(limiter.limit).toBeLessThan(8);
    await client.close();
  });
});
