// A call slot freed by one answer is handed to the next request waiting for one, and that request goes out at the
// moment of the grant — not after the work already queued on the event loop, which on SQLite is other jobs'
// synchronous database work: the slot is held for the call alone (issue 14, P1).
import { describe, expect, it } from 'vitest';
import { retryPolicySchema } from '../../src/connectwise/config.js';
import { ConnectWiseCounters } from '../../src/connectwise/counters.js';
import { AdaptiveConcurrencyLimiter } from '../../src/connectwise/limiter.js';
import { createRequestSender } from '../../src/connectwise/send-request.js';
import type { Transport, TransportResponse } from '../../src/connectwise/transport.js';
import { createLogger } from '../../src/logging/logger.js';

/** A transport whose answers the test gives, noting for each request sent whether `queuedWork` had run by then. */
function heldTransport(queuedWork: { ran: boolean }) {
  const answers: Array<(response: TransportResponse) => void> = [];
  const ranBeforeSent: boolean[] = [];
  const transport: Transport = {
    send: () => {
      ranBeforeSent.push(queuedWork.ran);
      return new Promise((resolve) => answers.push(resolve));
    },
    close: async () => undefined,
  };
  return { transport, answers, ranBeforeSent };
}

describe('a request waiting for a call slot', () => {
  it('is sent as the slot is granted, before the work queued meanwhile runs', async () => {
    const queuedWork = { ran: false };
    const { transport, answers, ranBeforeSent } = heldTransport(queuedWork);
    const limiter = new AdaptiveConcurrencyLimiter(1);
    const send = createRequestSender({
      transport,
      codebase: { current: async () => 'v4_6_release', refresh: async () => undefined },
      origin: 'https://cw.example',
      headers: {},
      limiter,
      counters: new ConnectWiseCounters(),
      retry: retryPolicySchema.parse({}),
      logger: createLogger({ level: 'silent' }),
    });
    const first = send({ method: 'GET', path: 'company/companies/1' });
    const second = send({ method: 'GET', path: 'company/companies/2' });
    // the first in flight, the second waiting for its slot
    while (answers.length < 1 || limiter.snapshot().queued < 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(ranBeforeSent).toEqual([false]);

    // The first answer arrives; work is queued behind it on the event loop (here one microtask; in serve, the
    // continuations of the other jobs). The second request must not wait for it once the first's slot is free.
    answers[0]!({ status: 200, headers: {}, body: { id: 1 } });
    queueMicrotask(() => (queuedWork.ran = true));
    while (answers.length < 2) await new Promise((resolve) => setImmediate(resolve));
    // Without the start at the grant the second request was sent a microtask after it, behind the queued work.
    expect(ranBeforeSent).toEqual([false, false]);

    answers[1]!({ status: 200, headers: {}, body: { id: 2 } });
    expect((await first).body).toEqual({ id: 1 });
    expect((await second).body).toEqual({ id: 2 });
  });
});

describe('the limiter', () => {
  it('runs a waiting start at the moment a slot is released, and frees the slot when the start throws', async () => {
    const limiter = new AdaptiveConcurrencyLimiter(1);
    const held = await limiter.acquire();
    let started = false;
    const waiting = limiter.acquireAndStart(false, undefined, (release) => {
      started = true;
      return release;
    });
    expect(started).toBe(false);
    held();
    expect(started).toBe(true);
    (await waiting)();

    const failing = limiter.acquireAndStart(false, undefined, () => {
      throw new Error('no request');
    });
    await expect(failing).rejects.toThrow('no request');
    expect(limiter.snapshot().inFlight).toBe(0);
  });
});
