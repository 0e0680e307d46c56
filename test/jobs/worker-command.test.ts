import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createRecordStore } from '../../src/bss/store/index.js';
import { createDatabase } from '../../src/db/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { createInstanceRepository, createLinkRepository, SecretBox } from '../../src/instances/index.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { testKeys } from '../connectwise/support/test-client.js';
import { createEmbeddedQueue } from '../../src/jobs/index.js';
import { spawnCliProcess } from '../support/cli-process.js';
import { waitFor } from './support/queue-targets.js';

const fileHandlers = fileURLToPath(new URL('./support/file-handlers.ts', import.meta.url));

describe('cwsync worker on SQLite (embedded runner)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-worker-'));
  const databasePath = join(folder, 'cwsync.db');
  const runsFile = join(folder, 'runs.txt');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the queued jobs with the given handlers and stops cleanly on SIGTERM', async () => {
    const database = createDatabase(databasePath);
    await database.migrate();
    const queue = createEmbeddedQueue(database.db);
    for (let record = 0; record < 20; record += 1) {
      await queue.enqueue({
        kind: 'push',
        instanceId: 'i1',
        module: 'Contacts',
        recordId: `c-${record}`,
        payload: { record },
      });
    }
    const worker = spawnCliProcess(
      ['worker', '--database-url', databasePath, '--handlers', fileHandlers, '--poll-interval', '20'],
      { RUNS_FILE: runsFile },
    );
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(
        async () => (await queue.stats()).waiting === 0 && (await queue.stats()).running === 0,
        'the jobs to run',
        30_000,
      );
      const lines = existsSync(runsFile) ? readFileSync(runsFile, 'utf8').trim().split('\n') : [];
      expect(lines).toHaveLength(20);
      expect(new Set(lines).size).toBe(20);
      const exit = new Promise<number | null>((done) => worker.once('exit', (code) => done(code)));
      worker.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output).toContain('running (embedded, concurrency 4)');
      expect(output).toContain('Worker stopped.');
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
      await database.destroy();
    }
  }, 60_000);

  it('without --handlers runs the sync jobs: a record written to the BSS is pushed to ConnectWise', async () => {
    const secretKey = randomBytes(32).toString('base64');
    const syncDatabasePath = join(folder, 'sync.db');
    const database = createDatabase(syncDatabasePath);
    await database.migrate();
    const sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const connector = await loadConnectWiseDefinition();
    const instances = createInstanceRepository(
      database.db,
      SecretBox.fromKey(Buffer.from(secretKey, 'base64')),
      connector.definition,
    );
    await instances.create({
      id: 'sandbox',
      name: 'Sandbox',
      siteUrl: sandbox.url,
      ...testKeys,
      ...sandbox.credentials,
    });
    const store = createRecordStore(database.db);
    await store.upsert(
      'accounts',
      'W-1',
      { name: 'Worker Test Ltd', addresses: [{ city: 'Tampa', countryCode: 'US', isBilling: true }] },
      { origin: 'api' },
    );
    const worker = spawnCliProcess(['worker', '--database-url', syncDatabasePath, '--poll-interval', '20'], {
      CWSYNC_SECRET_KEY: secretKey,
    });
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const link = createLinkRepository(database.db);
      await waitFor(
        async () => (await link.find('sandbox', 'accounts', 'W-1')) !== undefined,
        'the push',
        30_000,
      );
      const company = await fetch(
        `${sandbox.url}/v4_6_release/apis/3.0/company/companies?conditions=identifier%3D%22W-1%22`,
        { headers: sandboxHeaders(sandbox) },
      );
      expect(await company.json()).toMatchObject([{ identifier: 'W-1', name: 'Worker Test Ltd' }]);
      const exit = new Promise<number | null>((done) => worker.once('exit', (code) => done(code)));
      worker.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output).not.toContain(sandbox.credentials.privateKey);
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
      await sandbox.stop();
      await database.destroy();
    }
  }, 60_000);
});

function sandboxHeaders(sandbox: RunningSandbox): Record<string, string> {
  const { companyId, publicKey, privateKey } = sandbox.credentials;
  return {
    authorization: `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`,
    clientId: testKeys.clientId,
  };
}
