// The documented scale-out installation, as processes on PostgreSQL: `cwsync serve --no-sync` serves the whole
// operator's API, receives ConnectWise's signed callbacks and queues their pulls on graphile-worker, shows the
// queue depth at /metrics; one `cwsync worker` process runs the jobs.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/db/index.js';
import { createApiToken } from '../../../src/server/auth/api-tokens.js';
import { startSandboxWithClient, type SandboxWithClient } from '../../connectwise/support/sandbox.js';
import { createCommandDatabase, type CommandDatabase } from '../../support/command-database.js';
import { waitFor as waitForEvery10ms } from '../../jobs/support/queue-targets.js';
import { runCliProcess, spawnCliProcess } from '../../support/cli-process.js';
import { postgresTestUrl, runAdminStatement } from '../../support/database.js';
import { addTenantOverApi } from '../../support/tenant-over-api.js';

const postgresUrl = postgresTestUrl();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A child process whose output is kept; `started` resolves when a line matches, rejects if it exits first. */
function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawnCliProcess(args, env);
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`cwsync ${args[0]} exited (${code}) early:\n${output}`)));
  });
  return { child, started, output: () => output };
}

/** Looks every 100 ms: each look is a request to the processes under test. */
const waitFor = (condition: () => Promise<boolean>, what: string, limitMs?: number) =>
  waitForEvery10ms(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return condition();
    },
    what,
    limitMs,
  );

/** ConnectWise stamps lastUpdated to the second: a change meant to look newer must land in a later second. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_005 - (Date.now() % 1_000)));

describe.skipIf(postgresUrl === undefined)('serve --no-sync and one cwsync worker on PostgreSQL', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-scale-out-'));
  const graphileSchema = `cwsync_gw_${randomBytes(6).toString('hex')}`;
  const env = { CWSYNC_SECRET_KEY: randomBytes(32).toString('hex'), CWSYNC_DATA_DIR: folder };
  const children: ChildProcess[] = [];
  let cw: SandboxWithClient;
  let database: CommandDatabase;
  let apiUrl: string;
  let token: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
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
  const queueDepth = async (kind: string, state: string): Promise<number> => {
    const text = await (
      await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const line = text
      .split('\n')
      .find((row) => row.startsWith(`cwsync_queue_jobs{kind="${kind}",state="${state}"}`));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  };

  beforeAll(async () => {
    cw = await startSandboxWithClient({ seed: 'demo' });
    database = await createCommandDatabase('postgres');
    const handle = createDatabase(database.url);
    await handle.migrate();
    token = (await createApiToken(handle.db, 'scale-out')).token;
    await handle.destroy();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const serve = startProcess(
      ['serve', '--no-sync', '--no-sandbox', '--host', '127.0.0.1', '--port', String(port)].concat([
        '--database-url',
        database.url,
        '--graphile-schema',
        graphileSchema,
      ]),
      { ...env, CWSYNC_PUBLIC_URL: apiUrl, LOG_LEVEL: 'info' },
      /cwsync API listening/,
    );
    children.push(serve.child);
    await serve.started;
  }, 60_000);
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await cw?.stop();
    await database?.drop();
    if (postgresUrl !== undefined)
      await runAdminStatement(postgresUrl, `drop schema if exists "${graphileSchema}" cascade`);
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves the operator API, queues a signed callback for the worker, shows the queue and gets it pulled', async () => {
    await addTenantOverApi(call, cw);
    for (const path of [
      '/api/v1/instances',
      '/api/v1/instances/tenant',
      '/api/v1/instances/tenant/lookups',
      '/api/v1/connector',
      '/api/v1/report',
      '/api/v1/runs',
    ]) {
      expect(await call('GET', path)).toBeDefined();
    }
    const registered = await runCliProcess(
      ['instance', 'callbacks', 'tenant', '--public-url', apiUrl, '--database-url', database.url],
      env,
    );
    expect(registered).toMatchObject({ code: 0, stderr: '' });

    // A person changes a company in ConnectWise: the sandbox posts the signed callback to the API process.
    const company = await cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'SCALE-1',
      name: 'Scaled Out',
      city: 'Tampa',
    });
    await nextSecond();
    const store = cw.sandbox.context.store;
    store.replace(
      'company/companies',
      company.id,
      { ...store.get('company/companies', company.id), name: 'Scaled Out Inc' },
      'jsmith',
    );
    await waitFor(async () => (await queueDepth('pull', 'waiting')) === 1, 'the pull queued by the callback');

    const worker = startProcess(
      [
        'worker',
        '--database-url',
        database.url,
        '--graphile-schema',
        graphileSchema,
        '--poll-interval',
        '100',
      ],
      env,
      /running \(graphile/,
    );
    children.push(worker.child);
    await worker.started;
    await waitFor(
      async () => {
        const account = await fetch(`${apiUrl}/api/v1/accounts/SCALE-1`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!account.ok) return false;
        const body = (await account.json()) as { name: string; integrationIds?: Record<string, string> };
        return body.name === 'Scaled Out Inc' && body.integrationIds?.tenant === String(company.id);
      },
      'the worker to pull the company into the BSS',
      30_000,
    );
    expect(await queueDepth('pull', 'waiting')).toBe(0);

    // A manual run started through the API process is run by the worker and finishes.
    const { runIds } = (await call('POST', '/api/v1/instances/tenant/sync', {
      module: 'accounts',
      direction: 'push',
    })) as { runIds: string[] };
    await waitFor(
      async () => (await call('GET', `/api/v1/runs/${runIds[0]!}`))?.status === 'succeeded',
      'the run to finish',
      30_000,
    );
  }, 120_000);
});
