// undici frees a keep-alive connection for its next request only a turn of the event loop after its answer (and checks
// an idle one in the turn before writing on it). A request sent as another's answer frees its call slot must not wait
// for the answered connection in the pool's queue — behind the work queued meanwhile, on SQLite other jobs'
// synchronous database work — and then a second turn: the pool has a spare connection for it (issue 14, P1).
import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/connectwise/transport.js';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the transport', () => {
  it('writes a request made as an answer is read in the next turn, on a spare connection', async () => {
    const held: Array<() => void> = [];
    server = await startStubServer((request, response) => {
      if (!request.url.startsWith('/together')) return sendJson(response, 200, { ok: true });
      // both calls in flight answered in the same turn
      held.push(() => sendJson(response, 200, { ok: true }));
      if (held.length === 2) for (const answer of held.splice(0)) answer();
    });
    // two calls in flight at most, as a client with a concurrency of 2
    const transport = createTransport({ maxConnections: 2, timeoutMs: 5_000 });
    const written: string[] = [];
    const onHeaders = ({ request }: { request: { path: string } }): void => {
      written.push(request.path);
    };
    diagnostics.subscribe('undici:client:sendHeaders', onHeaders as (message: unknown) => void);
    try {
      const get = (path: string) =>
        transport.send({ method: 'GET', url: `${server!.url}${path}`, headers: {} });
      // the pool's connections open and idle
      await Promise.all(['/warm-1', '/warm-2', '/warm-3', '/warm-4'].map(get));
      await nextTurn();
      await nextTurn();

      let next: Promise<unknown> | undefined;
      let writtenNextTurn = false;
      await Promise.all(
        ['/together-1', '/together-2'].map(async (path) => {
          await get(path);
          if (next) return;
          // an answer just read, its connection not free before the next turn: the next request goes now
          next = get('/next');
          await nextTurn();
          writtenNextTurn = written.includes('/next');
        }),
      );
      // Without a spare connection it waited in the pool's queue for the answered connections, then a turn more.
      expect(writtenNextTurn).toBe(true);
      await next;
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', onHeaders as (message: unknown) => void);
      await transport.close();
    }
  });
});
