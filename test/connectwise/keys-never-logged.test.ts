import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectWiseClient } from '../../src/connectwise/index.js';
import { dropConnection, sendJson, serverTimeoutBody, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createCapturingLogger } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const publicKey = 'PUBLIC-KEY-d41d8cd9';
const privateKey = 'PRIVATE-KEY-8f00b204';
const basicToken = Buffer.from(`cwsync+${publicKey}:${privateKey}`).toString('base64');

describe('API keys', () => {
  it('never appear in a log line, an error message, a serialised or inspected error', async () => {
    server = await startStubServer((request, response, index) => {
      if (index % 4 === 0) sendJson(response, 500, serverTimeoutBody);
      else if (index % 4 === 1) dropConnection(response);
      else if (index % 4 === 2)
        sendJson(response, 429, { code: 'TooManyRequests', message: 'x' }, { 'retry-after': '0' });
      else
        sendJson(response, 401, {
          code: 'Unauthorized',
          message: `bad keys for ${request.headers.clientid}`,
        });
    });
    const { logger, logs } = createCapturingLogger();
    const client = createConnectWiseClient({
      siteUrl: server.url,
      companyId: 'cwsync',
      publicKey,
      privateKey,
      clientId: '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b',
      logger,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const errors = await Promise.all([
      client.company.companies.get(1).catch((error: unknown) => error),
      client.company.companies
        .create({ identifier: 'A', name: 'A', city: 'x' })
        .catch((error: unknown) => error),
    ]);
    expect(errors.every((error) => error instanceof Error)).toBe(true);
    expect(logs.lines.length).toBeGreaterThan(0);
    const everything = [
      ...logs.lines,
      ...errors.flatMap((error) => [
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        (error as Error).stack,
      ]),
      inspect(client.stats()),
    ].join('\n');
    for (const secret of [publicKey, privateKey, basicToken]) expect(everything).not.toContain(secret);
    // the keys really were sent, so the test above could have failed
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${basicToken}`);
    await client.close();
  });
});
