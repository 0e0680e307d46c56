import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/index.js';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/connectwise/amp-labs/${path}`, import.meta.url), 'utf8'));

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function failWith(
  status: number,
  body: unknown,
  call: (client: ReturnType<typeof createTestClient>) => Promise<unknown>,
): Promise<ConnectWiseError> {
  server = await startStubServer((_request, response) => sendJson(response, status, body));
  const client = createTestClient(server.url);
  try {
    const caught = await call(client).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ConnectWiseError);
    return caught as ConnectWiseError;
  } finally {
    await client.close();
  }
}

describe('ConnectWise error bodies become typed errors', () => {
  it('a captured 400 with a field error names the record, field, rule and code', async () => {
    const error = await failWith(400, fixture('test/write/contacts/bad-request.json'), (client) =>
      client.company.contacts.create({ lastName: 'Smith' }, { label: 'Smith' }),
    );
    expect(error).toMatchObject({ kind: 'validation', status: 400, code: 'InvalidObject', retryable: false });
    expect(error.errors).toEqual([
      {
        code: 'MissingRequiredField',
        message: 'The firstName field is required.',
        resource: 'contact',
        field: 'firstName',
      },
    ]);
    expect(error.describe()).toBe(
      "ConnectWise rejected contact 'Smith': firstName — The firstName field is required. (MissingRequiredField)",
    );
  });

  it('a 400 on a company reads like the engine will show it', async () => {
    const body = {
      code: 'InvalidObject',
      message: 'company object is invalid',
      errors: [
        {
          code: 'InvalidField',
          message: 'The identifier field has a maximum length of 25',
          resource: 'company',
          field: 'identifier',
        },
      ],
    };
    const error = await failWith(400, body, (client) =>
      client.company.companies.create({
        identifier: 'ACME',
        name: 'Acme',
        city: 'Tampa',
        site: { name: 'Main' },
      }),
    );
    expect(error.message).toBe(
      "ConnectWise rejected company 'ACME': identifier — The identifier field has a maximum length of 25 (InvalidField)",
    );
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/company/companies');
  });

  it('a callback duplicate lists every field error', async () => {
    const error = await failWith(
      400,
      fixture('internal/subscriber/test/create/create-webhook-bad-request-1.json'),
      (client) =>
        client.system.callbacks.create({
          url: 'bad',
          type: 'contact',
          level: 'nope',
          objectId: 1,
          description: 'cwsync',
        }),
    );
    expect(error.errors.map((entry) => entry.field)).toEqual(['url', 'level']);
    expect(error.describe()).toBe(
      "ConnectWise rejected callback 'cwsync': url — Invalid URL (InvalidField); level — Unrecognized level for type, see documentation for supported levels for each type (InvalidObject)",
    );
  });

  it('a captured 404 is a not-found error; find() turns it into undefined', async () => {
    const error = await failWith(404, fixture('test/delete/contact-not-found.json'), (client) =>
      client.company.contacts.get(57919),
    );
    expect(error).toMatchObject({ kind: 'not-found', status: 404, code: 'NotFound', retryable: false });
    expect(error.describe()).toBe(
      'ConnectWise has no contact 57919 (HTTP 404): Contact 57919 not found (NotFound)',
    );
    await server?.stop();
    server = await startStubServer((_request, response) =>
      sendJson(response, 404, fixture('test/delete/contact-not-found.json')),
    );
    const client = createTestClient(server.url);
    await expect(client.company.contacts.find(57919)).resolves.toBeUndefined();
    await client.close();
  });

  it('a 404 for an unknown endpoint names the endpoint, not a missing record, and find() does not hide it', async () => {
    const error = await failWith(404, fixture('test/read/not-found.json'), (client) =>
      client.company.contacts.get(57919),
    );
    expect(error.describe()).toMatch(
      /^ConnectWise has no endpoint GET \/company\/contacts\/57919 \(HTTP 404\): check the site URL, codebase and API path/,
    );
    await server?.stop();
    server = await startStubServer((_request, response) =>
      sendJson(response, 404, fixture('test/read/not-found.json')),
    );
    const client = createTestClient(server.url);
    await expect(client.company.contacts.find(57919)).rejects.toMatchObject({ code: 'ConnectWiseApi' });
    await client.close();
  });

  it.each([
    [
      401,
      'authentication',
      /refused the API keys \(HTTP 401\).*check companyId, publicKey, privateKey and clientId/,
    ],
    [
      403,
      'permission',
      /denied GET \/company\/companies\/1 \(HTTP 403\): the API member's security role lacks permission/,
    ],
    [422, 'validation', /rejected company 1/],
    [405, 'http', /answered HTTP 405/],
  ])('HTTP %i is a %s error that is not retried', async (status, kind, message) => {
    const error = await failWith(status, { code: 'Whatever', message: 'no' }, (client) =>
      client.company.companies.get(1),
    );
    expect(error).toMatchObject({ kind, status, retryable: false, attempts: 1 });
    expect(error.describe()).toMatch(message);
    expect(server!.requests).toHaveLength(1);
  });
});

describe('a 2xx answer that is not JSON', () => {
  it('is a typed error hinting at the wrong host, not a string posing as a record', async () => {
    server = await startStubServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>ConnectWise login</body></html>');
    });
    const client = createTestClient(server.url);
    const error = await client.company.companies.get(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect((error as ConnectWiseError).message).toMatch(/not JSON; is siteUrl the ConnectWise API host/);
    await client.close();
  });
});
