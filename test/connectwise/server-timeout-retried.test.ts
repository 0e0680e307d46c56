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

describe('a read that meets ConnectWise\'s 500 "A timeout has occured"', () => {
  it('is retried with backoff and then succeeds', async () => {
    server = await startStubServer((_request, response, index) => {
      if (index < 2) sendJson(response, 500, serverTimeoutBody);
      else sendJson(response, 200, [{ id: 1, identifier: 'ACME', name: 'Acme' }]);
    });
    const client = createTestClient(server.url);
    const page = await client.company.companies.page();
    expect(page.items).toEqual([{ id: 1, identifier: 'ACME', name: 'Acme' }]);
    expect(server.requests).toHaveLength(3);
    const { counters } = client.stats();
    expect(counters.retries).toBe(2);
    expect(counters.byStatus).toEqual({ '500': 2, '200': 1 });
    await client.close();
  });

  it('gives up after maxAttempts with a retryable timeout error', async () => {
    server = await startStubServer((_request, response) => sendJson(response, 500, serverTimeoutBody));
    const client = createTestClient(server.url, { retry: { maxAttempts: 3 } });
    const error = await client.company.companies.get(7).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectWiseError);
    const cwError = error as ConnectWiseError;
    expect(cwError).toMatchObject({
      kind: 'timeout',
      status: 500,
      retryable: true,
      attempts: 3,
      outcomeUnknown: false,
    });
    expect(cwError.code).toBe('ConnectWiseApi');
    expect(cwError.describe()).toContain('A timeout has occured');
    expect(server.requests).toHaveLength(3);
    await client.close();
  });

  it('is not retried when the answer is a 4xx', async () => {
    server = await startStubServer((_request, response) =>
      sendJson(response, 409, { code: 'Conflict', message: 'record possibly in use' }),
    );
    const client = createTestClient(server.url);
    const error = (await client.company.companies
      .delete(4)
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toMatchObject({ kind: 'conflict', status: 409, retryable: false, attempts: 1 });
    expect(error.describe()).toBe(
      'ConnectWise reported a conflict on company 4 (HTTP 409): record possibly in use (Conflict)',
    );
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});
