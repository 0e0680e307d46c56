import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/index.js';
import { dropConnection, sendJson, serverTimeoutBody, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const newCompany = { identifier: 'ACME', name: 'Acme Ltd', city: 'Tampa' };

async function createAndCatch(siteUrl: string, timeoutMs?: number): Promise<ConnectWiseError> {
  const client = createTestClient(siteUrl, timeoutMs === undefined ? {} : { timeoutMs });
  try {
    const caught = await client.company.companies.create(newCompany).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ConnectWiseError);
    return caught as ConnectWiseError;
  } finally {
    await client.close();
  }
}

describe('a create whose outcome is unknown', () => {
  it('is not repeated after a 500 timeout answer, and says to look before creating again', async () => {
    server = await startStubServer((_request, response) => sendJson(response, 500, serverTimeoutBody));
    const error = await createAndCatch(server.url);
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true, status: 500, attempts: 1 });
    expect(error.context).toEqual({ resource: 'company', recordId: 'ACME' });
    expect(error.describe()).toMatch(
      /may or may not have applied POST \/company\/companies for company 'ACME'/,
    );
    expect(error.describe()).toMatch(/look the record up before writing it again/);
  });

  it('is not repeated when the server takes longer than the timeout to answer', async () => {
    server = await startStubServer(() => {
      // never answers
    });
    const error = await createAndCatch(server.url, 150);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({
      kind: 'timeout',
      outcomeUnknown: true,
      networkCode: 'UND_ERR_HEADERS_TIMEOUT',
    });
  });

  it('is not repeated when the connection drops after the request was sent', async () => {
    server = await startStubServer((_request, response) => dropConnection(response));
    const error = await createAndCatch(server.url);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true, retryable: true });
  });
});

describe('a create that surely never reached ConnectWise', () => {
  it('is retried on connection refused, up to maxAttempts', async () => {
    const closedPort = await findClosedPort();
    const client = createTestClient(`http://127.0.0.1:${closedPort}`, { retry: { maxAttempts: 3 } });
    const error = (await client.company.companies
      .create(newCompany)
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({
      kind: 'network',
      networkCode: 'ECONNREFUSED',
      outcomeUnknown: false,
      attempts: 3,
    });
    expect(client.stats().counters.networkErrors).toBe(3);
    await client.close();
  });

  it('is retried after a 429 and then created once', async () => {
    server = await startStubServer((request, response, index) => {
      if (index === 0)
        sendJson(response, 429, { code: 'TooManyRequests', message: 'slow down' }, { 'retry-after': '0' });
      else sendJson(response, 201, { id: 12, ...(JSON.parse(request.body) as object) });
    });
    const client = createTestClient(server.url);
    const created = await client.company.companies.create(newCompany);
    expect(created).toMatchObject({ id: 12, identifier: 'ACME' });
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'POST']);
    await client.close();
  });
});

async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
