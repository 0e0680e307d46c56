import { afterEach, describe, expect, it } from 'vitest';
import { endpointMissingBody, sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A ConnectWise whose codebase can change, as hosted ConnectWise's does on upgrades. */
async function startUpgradingConnectWise(): Promise<{
  server: StubServer;
  upgradeTo(codebase: string): void;
}> {
  let codebase = 'v2025_1';
  const stub = await startStubServer((request, response) => {
    if (request.url === '/login/companyinfo/cwsync') {
      sendJson(response, 200, {
        CompanyName: 'cwsync',
        Codebase: `${codebase}/`,
        VersionCode: 'v2025.1',
        IsCloud: true,
      });
    } else if (request.url.startsWith(`/${codebase}/apis/3.0/company/companies/count`)) {
      sendJson(response, 200, { count: 42 });
    } else sendJson(response, 404, endpointMissingBody);
  });
  return { server: stub, upgradeTo: (next) => (codebase = next) };
}

describe('codebase discovery', () => {
  it('asks companyinfo once and uses the codebase it reports', async () => {
    const connectWise = await startUpgradingConnectWise();
    server = connectWise.server;
    const client = createTestClient(server.url, { codebase: 'discover' });
    expect(await client.company.companies.count()).toBe(42);
    expect(await client.company.companies.count()).toBe(42);
    expect(await client.codebase()).toBe('v2025_1');
    const paths = server.requests.map((request) => request.url);
    expect(paths).toEqual([
      '/login/companyinfo/cwsync',
      '/v2025_1/apis/3.0/company/companies/count',
      '/v2025_1/apis/3.0/company/companies/count',
    ]);
    // companyinfo needs no keys, so none are sent there
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[1]!.headers.authorization).toMatch(/^Basic /);
    await client.close();
  });

  it('refreshes the codebase once when the old one answers "The endpoint does not exist." and retries', async () => {
    const connectWise = await startUpgradingConnectWise();
    server = connectWise.server;
    const client = createTestClient(server.url, { codebase: 'discover' });
    await client.company.companies.count();
    connectWise.upgradeTo('v2026_1');
    expect(await client.company.companies.count()).toBe(42);
    expect(server.requests.map((request) => request.url).slice(2)).toEqual([
      '/v2025_1/apis/3.0/company/companies/count',
      '/login/companyinfo/cwsync',
      '/v2026_1/apis/3.0/company/companies/count',
    ]);
    expect(client.stats().counters.codebaseRefreshes).toBe(1);
    await client.close();
  });

  it('does not loop on a route that really does not exist', async () => {
    const connectWise = await startUpgradingConnectWise();
    server = connectWise.server;
    const client = createTestClient(server.url, { codebase: 'discover' });
    const error = await client
      .resource('company/nothingHere', 'thing')
      .count()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, code: 'ConnectWiseApi', retryable: false });
    expect(server.requests.map((request) => request.url)).toEqual([
      '/login/companyinfo/cwsync',
      '/v2025_1/apis/3.0/company/nothingHere/count',
      '/login/companyinfo/cwsync',
    ]);
    await client.close();
  });

  it('uses the v4_6_release alias by default without asking companyinfo', async () => {
    server = await startStubServer((_request, response) => sendJson(response, 200, { count: 1 }));
    const client = createTestClient(server.url);
    await client.company.contacts.count();
    expect(server.requests.map((request) => request.url)).toEqual([
      '/v4_6_release/apis/3.0/company/contacts/count',
    ]);
    await client.close();
  });
});
