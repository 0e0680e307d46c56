import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/connectwise/retry.js';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, to the second', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
  });

  it('holds the retry of a rate-limited read until the server said to come back', async () => {
    const arrivals: number[] = [];
    server = await startStubServer((_request, response, index) => {
      arrivals.push(Date.now());
      if (index === 0)
        sendJson(response, 429, { code: 'TooManyRequests', message: 'Rate limited' }, { 'retry-after': '1' });
      else sendJson(response, 200, { count: 3 });
    });
    const client = createTestClient(server.url);
    await expect(client.company.companies.count()).resolves.toBe(3);
    expect(arrivals).toHaveLength(2);
    // the retry is held for the whole second Retry-After asked for (a lower bound, not a speed check)
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
    expect(client.stats().counters).toMatchObject({ rateLimited: 1, retries: 1 });
    await client.close();
  });

  it('holds the retry of a 503 for its Retry-After date too', async () => {
    const arrivals: number[] = [];
    let retryAtMs = 0;
    server = await startStubServer((_request, response, index) => {
      arrivals.push(Date.now());
      if (index === 0) {
        retryAtMs = Math.ceil((Date.now() + 500) / 1000) * 1000; // HTTP dates have whole seconds
        const retryAt = new Date(retryAtMs).toUTCString();
        sendJson(response, 503, { code: 'Unavailable', message: 'maintenance' }, { 'retry-after': retryAt });
      } else sendJson(response, 200, []);
    });
    const client = createTestClient(server.url);
    await client.company.countries.page();
    expect(arrivals[1]!).toBeGreaterThanOrEqual(retryAtMs - 5);
    await client.close();
  });

  it('gives up with a typed rate-limited error when Retry-After exceeds the allowed wait, without freezing', async () => {
    server = await startStubServer((_request, response, index) => {
      if (index === 0) {
        sendJson(
          response,
          429,
          { code: 'TooManyRequests', message: 'Rate limited' },
          { 'retry-after': '3600' },
        );
      } else sendJson(response, 200, { count: 2 });
    });
    const client = createTestClient(server.url, { retry: { maxRetryAfterMs: 200 } });
    const error = await client.company.companies.get(1).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      retryable: true,
      retryAfterMs: 3_600_000,
    });
    expect(server.requests).toHaveLength(1);
    // the client pauses at most maxRetryAfterMs, not the hour the server asked for
    await expect(client.company.companies.count()).resolves.toBe(2);
    await client.close();
  });
});

describe('Retry-After on a server error', () => {
  it('gives up at once when a 503 asks for a longer wait than the client allows', async () => {
    server = await startStubServer((_request, response, index) => {
      if (index === 0) {
        sendJson(response, 503, { code: 'Unavailable', message: 'maintenance' }, { 'retry-after': '3600' });
      } else sendJson(response, 200, []);
    });
    const client = createTestClient(server.url, { retry: { maxRetryAfterMs: 200 } });
    const error = await client.company.countries.page().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, retryable: true, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});
