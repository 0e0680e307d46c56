import { afterEach, describe, expect, it } from 'vitest';
import { dropConnection, sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('a dropped connection', () => {
  it('is retried for a read, which then succeeds', async () => {
    server = await startStubServer((_request, response, index) => {
      if (index === 0) dropConnection(response);
      else sendJson(response, 200, { id: 5, identifier: 'ACME', name: 'Acme' });
    });
    const client = createTestClient(server.url);
    await expect(client.company.companies.get(5)).resolves.toMatchObject({ id: 5 });
    expect(server.requests).toHaveLength(2);
    expect(client.stats().counters).toMatchObject({ networkErrors: 1, retries: 1 });
    await client.close();
  });

  it('is retried for a replace-only PATCH', async () => {
    server = await startStubServer((_request, response, index) => {
      if (index === 0) dropConnection(response);
      else sendJson(response, 200, { id: 5, identifier: 'ACME', name: 'Acme 2' });
    });
    const client = createTestClient(server.url);
    await client.company.companies.patch(5, [{ op: 'replace', path: 'name', value: 'Acme 2' }]);
    expect(server.requests.map((request) => request.method)).toEqual(['PATCH', 'PATCH']);
    await client.close();
  });

  it('is not retried for a PATCH that adds by array position', async () => {
    server = await startStubServer((_request, response) => dropConnection(response));
    const client = createTestClient(server.url);
    const error = await client.company.contacts
      .patch(9, [{ op: 'add', path: '/communicationItems/-', value: { type: { id: 1 }, value: 'a@b.c' } }])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ outcomeUnknown: true, context: { resource: 'contact', recordId: 9 } });
    expect(server.requests).toHaveLength(1);
    await client.close();
  });

  it('during a DELETE that went through counts as deleted when the retry finds nothing', async () => {
    server = await startStubServer((_request, response, index) => {
      if (index === 0) dropConnection(response);
      else sendJson(response, 404, { code: 'NotFound', message: 'Company 5 not found' });
    });
    const client = createTestClient(server.url);
    await expect(client.company.companies.delete(5)).resolves.toBeUndefined();
    expect(server.requests.map((request) => request.method)).toEqual(['DELETE', 'DELETE']);
    await client.close();
  });
});
