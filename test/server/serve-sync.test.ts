// `cwsync serve` as a user runs it: one process serves the BSS API and the operator's API and runs the sync. An
// instance and its lookups made over HTTP, an account written over HTTP, and the company appears in ConnectWise
// with nothing else started.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { createDatabase } from '../../src/db/index.js';
import { SecretBox } from '../../src/instances/secret-box.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { startSandboxWithClient, type SandboxWithClient } from '../connectwise/support/sandbox.js';
import { waitFor } from '../jobs/support/queue-targets.js';
import { addTenantOverApi } from '../support/tenant-over-api.js';

describe('cwsync serve runs the sync in the same process', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-serve-sync-'));
  let cw: SandboxWithClient;
  let server: RunningServer;
  let token: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  };

  beforeAll(async () => {
    cw = await startSandboxWithClient({ seed: 'demo' });
    const databaseUrl = join(folder, 'cwsync.db');
    server = await startServer({
      databaseUrl,
      port: 0,
      host: '127.0.0.1',
      secrets: SecretBox.fromKey(randomBytes(32)),
      concurrency: 4,
    });
    const database = createDatabase(databaseUrl);
    token = (await createApiToken(database.db, 'serve-sync')).token;
    await database.destroy();
  });
  afterAll(async () => {
    await server?.stop();
    await cw?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('pushes an account written over the API to ConnectWise, and lists the run', async () => {
    expect(server.sync?.queue.runner).toBe('embedded');
    await addTenantOverApi(call, cw);

    await call('POST', '/api/v1/accounts', {
      id: 'SERVE-1',
      name: 'Served Ltd',
      type: { id: 'customer' },
      currency: { id: 'USD' },
      addresses: [{ address1: '1 Serve Street', city: 'Tampa', countryCode: 'US', isBilling: true }],
    });

    // the change feed is read every 2 s by the process's own schedule
    let company: { id: number; name: string } | undefined;
    await waitFor(async () => {
      const found = await cw.client.company.companies.page({
        conditions: where('identifier', '=', 'SERVE-1'),
      });
      company = found.items[0] as { id: number; name: string } | undefined;
      return company !== undefined;
    }, 'the company in ConnectWise');
    expect(company).toMatchObject({ name: 'Served Ltd' });
    await waitFor(async () => {
      const account = await call('GET', '/api/v1/accounts/SERVE-1');
      return (account?.integrationIds as Record<string, string> | undefined)?.tenant === String(company!.id);
    }, 'the link on the account');
  });
});
