// `cwsync instance callbacks`: registers an instance's ConnectWise callbacks (idempotently), follows the
// instance's pull switches, and removes them, against the sandbox.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { testKeys } from '../connectwise/support/test-client.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { databaseTargets } from '../support/database.js';
import { runCliInProcess } from '../support/run-cli-in-process.js';

const publicUrl = 'https://cwsync.example.com';
const registeredUrl = `${publicUrl}/api/v1/connectwise/callbacks/tenant?recordId=`;

describe.each(databaseTargets())('cwsync instance callbacks on $name', (target) => {
  let sandbox: RunningSandbox;
  let database: CommandDatabase;
  const cli = (...args: string[]) => runCliInProcess([...args, '--database-url', database.url]);
  const entries = () =>
    sandbox.context.store.list('system/callbacks') as Array<{ url: string; type: string; level: string }>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    database = await createCommandDatabase(target.name);
    vi.stubEnv('CWSYNC_SECRET_KEY', randomBytes(32).toString('hex'));
    vi.stubEnv('CWSYNC_PUBLIC_KEY', sandbox.credentials.publicKey);
    vi.stubEnv('CWSYNC_PRIVATE_KEY', sandbox.credentials.privateKey);
    const added = await cli(
      'instance',
      'add',
      'Tenant',
      '--id',
      'tenant',
      '--site-url',
      sandbox.url,
      '--company-id',
      sandbox.credentials.companyId,
      '--client-id',
      testKeys.clientId,
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sandbox?.stop();
    await database?.drop();
  });

  it('needs a public URL, from --public-url or CWSYNC_PUBLIC_URL', async () => {
    vi.stubEnv('CWSYNC_PUBLIC_URL', undefined);
    const result = await cli('instance', 'callbacks', 'tenant');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--public-url.*CWSYNC_PUBLIC_URL/);
    expect(entries()).toEqual([]);
  });

  it('registers one callback per pulled type, and keeps them when run again', async () => {
    const first = await cli('instance', 'callbacks', 'tenant', '--public-url', publicUrl, '--json');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const registration = JSON.parse(first.stdout) as { url: string; created: Array<{ type: string }> };
    expect(registration.url).toBe(registeredUrl);
    expect(registration.created.map((entry) => entry.type).sort()).toEqual(['company', 'contact']);

    vi.stubEnv('CWSYNC_PUBLIC_URL', publicUrl);
    const again = await cli('instance', 'callbacks', 'tenant');
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`Callbacks of tenant post to ${registeredUrl}`);
    expect(again.stdout).toMatch(/kept {5}company/);
    expect(again.stdout).toMatch(/kept {5}contact/);
    expect(entries().map((entry) => [entry.type, entry.level, entry.url])).toEqual([
      ['company', 'owner', registeredUrl],
      ['contact', 'owner', registeredUrl],
    ]);
  });

  it('drops the callback of a type the instance no longer pulls, then removes the rest', async () => {
    const updated = await cli(
      'instance',
      'update',
      'tenant',
      '--option',
      'contacts.pull.create=off',
      '--option',
      'contacts.pull.update=off',
    );
    expect(updated).toMatchObject({ code: 0, stderr: '' });
    const narrowed = await cli('instance', 'callbacks', 'tenant', '--public-url', publicUrl);
    expect(narrowed.stdout).toMatch(/removed {2}contact/);
    expect(entries().map((entry) => entry.type)).toEqual(['company']);

    const removed = await cli('instance', 'callbacks', 'tenant', '--public-url', publicUrl, '--remove');
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed 1 callback(s) of tenant.' });
    expect(entries()).toEqual([]);
  });
});
