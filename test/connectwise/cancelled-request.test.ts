import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/index.js';
import { sendJson, serverTimeoutBody, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('a cancelled request', () => {
  it("stops waiting in backoff and rejects with the caller's reason", async () => {
    server = await startStubServer((_request, response) => sendJson(response, 500, serverTimeoutBody));
    const client = createTestClient(server.url, { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const pending = client.company.companies.get(1, { signal: controller.signal });
    while (server.requests.length === 0) await delay(5);
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    expect(server.requests).toHaveLength(1);
    await client.close();
  });

  it('leaves the queue when it is still waiting for a slot', async () => {
    const answers: Array<() => void> = [];
    server = await startStubServer((_request, response) => {
      answers.push(() => sendJson(response, 200, { count: 1 }));
    });
    const client = createTestClient(server.url, { maxConcurrency: 1 });
    const first = client.company.companies.count();
    const controller = new AbortController();
    const queued = client.company.contacts.count({ signal: controller.signal });
    while (server.requests.length === 0) await delay(5);
    controller.abort(new Error('not needed any more'));
    await expect(queued).rejects.toThrow('not needed any more');
    answers[0]!();
    await expect(first).resolves.toBe(1);
    await delay(20);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/v4_6_release/apis/3.0/company/companies/count',
    ]);
    await client.close();
  });

  it('says the outcome of a create already on the wire is unknown', async () => {
    server = await startStubServer(() => {
      // holds the request without answering
    });
    const client = createTestClient(server.url);
    const controller = new AbortController();
    const pending = client.company.companies.create(
      { identifier: 'CANCEL', name: 'Cancel', city: 'Tampa', site: { name: 'Main' } },
      { signal: controller.signal },
    );
    while (server.requests.length === 0) await delay(5);
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({
      outcomeUnknown: true,
      networkCode: 'ABORTED',
      context: { recordId: 'CANCEL' },
    });
    await client.close();
  });
});
