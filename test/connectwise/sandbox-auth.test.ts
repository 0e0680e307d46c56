import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/index.js';
import { startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';
import { createTestClient, testKeys } from './support/test-client.js';

let world: SandboxWithClient;
beforeAll(async () => {
  world = await startSandboxWithClient();
});
afterAll(async () => {
  await world.stop();
});

describe('authentication against the sandbox', () => {
  it('wrong keys surface as a typed 401 naming the cause, not retried, without the keys', async () => {
    const client = createTestClient(world.sandbox.url, { ...testKeys, privateKey: 'wrong-private-key-123' });
    const error = (await client.company.companies
      .count()
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ kind: 'authentication', status: 401, retryable: false, attempts: 1 });
    expect(error.message).toMatch(
      /refused the API keys \(HTTP 401\) for GET \/company\/companies\/count: check companyId, publicKey, privateKey and clientId/,
    );
    expect(JSON.stringify(error) + error.message).not.toContain('wrong-private-key-123');
    await client.close();
  });

  it('a read-only API member writing surfaces as a typed 403', async () => {
    const client = createTestClient(world.sandbox.url, {
      ...testKeys,
      publicKey: 'sandbox-readonly-public',
      privateKey: 'sandbox-readonly-private',
    });
    await expect(client.company.companies.count()).resolves.toBe(0);
    const error = (await client.company.companies
      .create({ identifier: 'RO', name: 'Read only', city: 'Tampa', site: { name: 'Main' } })
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toMatchObject({ kind: 'permission', status: 403, retryable: false, outcomeUnknown: false });
    expect(error.message).toMatch(/the API member's security role lacks permission/);
    await client.close();
  });

  it('discovers the codebase from companyinfo and works on it', async () => {
    const client = createTestClient(world.sandbox.url, {
      ...world.sandbox.credentials,
      clientId: testKeys.clientId,
      codebase: 'discover',
    });
    expect(await client.codebase()).toBe('v2025_1');
    await expect(client.company.companies.count()).resolves.toBe(0);
    await client.close();
  });

  it('an unknown company at companyinfo surfaces as a typed error', async () => {
    const client = createTestClient(world.sandbox.url, {
      ...testKeys,
      companyId: 'no-such-company',
      codebase: 'discover',
    });
    const error = await client.company.companies.count().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect((error as ConnectWiseError).path).toBe('/login/companyinfo/no-such-company');
    await client.close();
  });
});
