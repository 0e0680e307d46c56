import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  listLookupOptions,
  testInstanceConnection,
  type InstanceCredentials,
  type ConnectionTestResult,
} from '../../src/instances/index.js';
import { readOnlyKeys } from '../../src/sandbox/http/api-members.js';
import { startSandboxWithClient, type SandboxWithClient } from '../connectwise/support/sandbox.js';
import { createCapturingLogger, testKeys } from '../connectwise/support/test-client.js';

const { definition } = await loadConnectWiseDefinition();

let world: SandboxWithClient;
let credentials: InstanceCredentials;
beforeAll(async () => {
  world = await startSandboxWithClient({ seed: 'demo' });
  credentials = {
    siteUrl: world.sandbox.url,
    ...world.sandbox.credentials,
    clientId: testKeys.clientId,
    apiVersion: '2022.1',
  };
});
afterAll(async () => {
  await world.stop();
});

/** Runs the test with a logger that keeps every line, and checks no key reached the result or a log line. */
async function runTest(
  input: InstanceCredentials,
  options: Parameters<typeof testInstanceConnection>[1] = {},
): Promise<ConnectionTestResult> {
  const { logger, logs } = createCapturingLogger();
  const result = await testInstanceConnection(input, { ...options, logger });
  const everything = JSON.stringify(result) + logs.lines.join('\n');
  expect(everything).not.toContain(input.privateKey);
  expect(everything).not.toContain(
    Buffer.from(`${input.companyId}+${input.publicKey}:${input.privateKey}`).toString('base64'),
  );
  return result;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('test connection against the sandbox', () => {
  it('succeeds with the right keys and says the codebase and API version', async () => {
    const companiesBefore = await world.client.company.companies.count();
    const result = await runTest(credentials);
    expect(result).toMatchObject({
      ok: true,
      codebase: 'v2025_1',
      apiVersion: '2022.1',
      serverApiVersion: '2022.1',
    });
    expect(result.problem).toBeUndefined();
    expect(result.message).toBe(
      `Connected to ${world.sandbox.url} as company 'cwsync': codebase v2025_1, API version 2022.1`,
    );
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['companyinfo', true],
      ['read', true],
      ['write', true],
    ]);
    // the write check never creates anything
    await expect(world.client.company.companies.count()).resolves.toBe(companiesBefore);
  });

  it('wrong keys: bad-keys (401), without the key in the answer or the logs', async () => {
    const result = await runTest({ ...credentials, privateKey: 'wrong-private-key-123' });
    expect(result).toMatchObject({ ok: false, problem: 'bad-keys', codebase: 'v2025_1' });
    expect(result.message).toMatch(
      /^ConnectWise refused the API keys \(HTTP 401\): check companyId, publicKey and privateKey/,
    );
    expect(result.checks.at(-1)).toMatchObject({ name: 'read', ok: false });
  });

  it('a read-only API member: no-permission (403) on the write check', async () => {
    const result = await runTest({ ...credentials, ...readOnlyKeys });
    expect(result).toMatchObject({ ok: false, problem: 'no-permission' });
    expect(result.message).toMatch(
      /may not add companies \(Companies › Company Maintenance › Add\) \(HTTP 403\)/,
    );
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['companyinfo', true],
      ['read', true],
      ['write', false],
    ]);
    // without the write check, read-only keys pass
    expect((await runTest({ ...credentials, ...readOnlyKeys }, { checkWrite: false })).ok).toBe(true);
  });

  it('a port with nothing listening: unreachable (connection refused)', async () => {
    const port = await freePort();
    const result = await runTest({ ...credentials, siteUrl: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(result.message).toBe(
      `cannot reach ConnectWise: 127.0.0.1:${port} refused the connection (ECONNREFUSED); check siteUrl and its port`,
    );
  });

  it('a host that does not resolve: unreachable (DNS)', async () => {
    const result = await runTest({ ...credentials, siteUrl: 'http://cwsync-no-such-host.invalid' });
    expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(result.message).toMatch(
      /^cannot reach ConnectWise: the host cwsync-no-such-host\.invalid is not found \(DNS (ENOTFOUND|EAI_AGAIN)\); check siteUrl$/,
    );
  });

  it('a server that never answers: unreachable (timeout)', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const result = await runTest(
        { ...credentials, siteUrl: `http://127.0.0.1:${port}` },
        { timeoutMs: 300 },
      );
      expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
      expect(result.message).toBe(
        `cannot reach ConnectWise: 127.0.0.1:${port} did not answer in time (UND_ERR_HEADERS_TIMEOUT)`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('a company the site does not know: unknown-company', async () => {
    const result = await runTest({ ...credentials, companyId: 'nobody' });
    expect(result).toMatchObject({ ok: false, problem: 'unknown-company' });
    expect(result.message).toMatch(/does not know company 'nobody'/);
  });

  it('a codebase the site does not serve: wrong-codebase, naming the one companyinfo reports', async () => {
    const result = await runTest(credentials, { codebase: 'v2019_1' });
    expect(result).toMatchObject({ ok: false, problem: 'wrong-codebase', codebase: 'v2019_1' });
    expect(result.message).toMatch(
      /has no API under codebase v2019_1 \(HTTP 404 .*\); companyinfo reports v2025_1$/,
    );
    expect((await runTest(credentials, { codebase: 'v4_6_release' })).ok).toBe(true);
  });

  it('a clientId that is not a GUID: client-id, before any request', async () => {
    const result = await runTest({ ...credentials, clientId: 'my-app' });
    expect(result).toMatchObject({ ok: false, problem: 'client-id', checks: [] });
    expect(result.message).toMatch(/^clientId: clientId must be the GUID/);
  });

  it('a site that is not ConnectWise: not-connectwise', async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html>Not here</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await runTest({ ...credentials, siteUrl: `http://127.0.0.1:${port}` });
      expect(result).toMatchObject({ ok: false, problem: 'not-connectwise' });
      expect(result.message).toMatch(
        /answered HTTP 404 to \/login\/companyinfo\/cwsync: it does not look like a ConnectWise Manage site/,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('lookup options for a picker', () => {
  it('lists each lookup’s ConnectWise values with the label the definition names', async () => {
    const currencies = await listLookupOptions(world.client, definition, 'Currency');
    const expected = world.sandbox.context.store
      .list('finance/currencies')
      .map((row) => ({ integrationId: String(row.id), label: String(row.currencyIdentifier) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(currencies).toEqual({ connectwiseValue: 'id', items: expected });
    const types = await listLookupOptions(world.client, definition, 'AccountType');
    expect(types.items).toEqual(
      world.sandbox.context.store
        .list('company/companies/types')
        .map((row) => ({ integrationId: String(row.id), label: String(row.name) })),
    );
    // ConnectWise lists no payment types: that lookup's value is typed
    expect(await listLookupOptions(world.client, definition, 'PaymentMethod')).toEqual({
      connectwiseValue: 'text',
      items: [],
    });
  });

  it('refuses a lookup the connector does not declare', async () => {
    await expect(listLookupOptions(world.client, definition, 'Colour')).rejects.toThrow(
      /lookup: the connector has no lookup "Colour"/,
    );
  });
});
