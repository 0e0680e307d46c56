import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Keeps the event loop busy, as a sync job's database writes on SQLite do after its answer. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('answers that arrive together', () => {
  it('are all read, and their call slots freed, before any caller does its work after its answer', async () => {
    const calls = 4;
    const held: Array<() => void> = [];
    server = await startStubServer((request, response) => {
      // every answer goes out in the same turn, once all the calls are in flight
      held.push(() => sendJson(response, 200, { id: Number(request.url.split('/').pop()), name: 'X' }));
      if (held.length === calls) for (const answer of held) answer();
    });
    const client = createTestClient(server.url, { maxConcurrency: calls });
    const inFlightWhenCallerContinued: number[] = [];
    await Promise.all(
      Array.from({ length: calls }, async (_, index) => {
        await client.company.companies.get(index + 1);
        inFlightWhenCallerContinued.push(client.stats().limiter.inFlight);
        busyFor(20);
      }),
    );
    // Without the turn between an answer and its caller's work, the first caller ran while the other answers
    // waited unread, holding their slots through its 20 ms: it saw 3 calls in flight.
    expect(inFlightWhenCallerContinued).toEqual([0, 0, 0, 0]);
    await client.close();
  });
});
