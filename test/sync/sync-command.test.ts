// `cwsync sync` in process, against the ConnectWise sandbox over HTTP, on both databases.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import type { DryRunEntry } from '../../src/sync/dry-run/index.js';
import { databaseTargets, runAdminStatement, postgresTestUrl } from '../support/database.js';
import type { RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import type { SandboxWithClient } from '../connectwise/support/sandbox.js';
import { testKeys } from '../connectwise/support/test-client.js';
import { startCliSyncWorld, type CliSyncWorld } from '../support/cli-sync-world.js';
import type { CommandDatabase } from '../support/command-database.js';
import { runCliInProcess } from '../support/run-cli-in-process.js';
import { upsertAccount, upsertContact } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('cwsync sync on $name', (target) => {
  const secretKey = randomBytes(32);
  let command: CommandDatabase;
  let database: DatabaseHandle;
  let store: RecordStore;
  let cw: SandboxWithClient;
  /** the embedded runner unless a test asks for another (on PostgreSQL the default is graphile-worker) */
  const sync = (...args: string[]) =>
    runCliInProcess([
      'sync',
      ...args,
      '--database-url',
      command.url,
      ...(args.includes('--runner') ? [] : ['--runner', 'embedded']),
    ]);
  const count = async (table: 'sync_jobs' | 'sync_runs' | 'record_links' | 'sync_report') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const writesToConnectWise = async () => {
    const response = await fetch(`${cw.sandbox.url}/__sandbox/calls`);
    const calls = (await response.json()) as { endpoints: Array<{ method: string; total: number }> };
    return calls.endpoints.filter((call) => call.method !== 'GET').reduce((sum, call) => sum + call.total, 0);
  };
  const companyOf = async (identifier: string) =>
    (await cw.client.company.companies.page({ conditions: where('identifier', '=', identifier) })).items[0];

  let world: CliSyncWorld;

  beforeAll(async () => {
    vi.stubEnv('CWSYNC_SECRET_KEY', secretKey.toString('hex'));
    world = await startCliSyncWorld(target, secretKey);
    ({ command, database, store, cw } = world);
    await world.instances.create({
      id: 'standby',
      name: 'Standby',
      siteUrl: cw.sandbox.url,
      ...testKeys,
      ...cw.sandbox.credentials,
      enabled: false,
    });
    await upsertAccount(store, 'NW-1', { name: 'Northwind Traders' });
    await upsertContact(store, 'NW-1-ann', 'NW-1', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@northwind.example',
    });
  });
  afterAll(async () => {
    await world?.stop();
    vi.unstubAllEnvs();
  });

  it('refuses a bad option in one line naming it and what is allowed', async () => {
    expect(await sync('--direction', 'sideways')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("argument 'sideways' is invalid. Allowed choices are push, pull."),
    });
    expect(await sync('--module', 'widgets')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "argument 'widgets' is invalid. Allowed choices are accounts, contacts, invoices, orders, payments, products, subscriptions.",
      ),
    });
    expect(await sync('--instance', 'nope')).toEqual({
      code: 1,
      stdout: '',
      stderr: '--instance: no connector instance "nope" (instances: sandbox, standby)',
    });
    expect(await sync('--instance', 'Standby', '--dry-run')).toMatchObject({
      code: 1,
      stderr:
        '--instance: "standby" is switched off; switch it on with cwsync instance update standby --enable',
    });
    expect(await sync('--dry-run', '--wait')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("option '--wait' cannot be used with option '--dry-run'"),
    });
    expect(await sync('--concurrency', '0')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be a whole number from 1 to 100.'),
    });
    const onSqlite = ['sync', '--runner', 'graphile', '--database-url', '/tmp/cwsync-not-postgres.db'];
    expect(await runCliInProcess(onSqlite)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--runner graphile: needs a postgres:// database URL'),
    });
    expect(await count('sync_runs')).toBe(0);
  });

  it('--dry-run lists the creates with their bodies and writes nothing: ConnectWise, links, report, queue', async () => {
    const before = await writesToConnectWise();
    const text = await sync('--dry-run', '--direction', 'push');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Dry run: nothing was written');
    expect(text.stdout).toContain(
      'sandbox push accounts NW-1: create (new ConnectWise record, -1 in this plan)',
    );
    expect(text.stdout).toMatch(
      /\n {2}POST company\/companies \{"identifier":"NW-1","name":"Northwind Traders"/,
    );
    expect(text.stdout).toContain(
      'sandbox push contacts NW-1-ann: waiting: waits for accounts NW-1 (would be created)',
    );
    expect(text.stdout).toContain('  sandbox push accounts: 1 create');

    const json = await sync('--dry-run', '--json', '--instance', 'Sandbox');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { plan: DryRunEntry[]; summary: unknown[] };
    expect(parsed.plan.map((entry) => [entry.direction, entry.module, entry.id, entry.action])).toEqual([
      ['push', 'accounts', 'NW-1', 'create'],
      ['push', 'contacts', 'NW-1-ann', 'waiting'],
    ]);
    expect(parsed.summary).toHaveLength(2);

    expect(await writesToConnectWise()).toBe(before);
    expect(await companyOf('NW-1')).toBeUndefined();
    for (const table of ['sync_jobs', 'sync_runs', 'record_links', 'sync_report'] as const) {
      expect(await count(table)).toBe(0);
    }
  });

  it('sync --wait pushes, prints the runs with their counts, exits 0; a dry run after a change lists that update', async () => {
    // one job at a time: the account is pushed before its contact, so no record has to wait for another
    const result = await sync('--wait', '--concurrency', '1');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^run \d+ {2}sandbox {2}accounts {2}push {2}1 record queued$/),
        expect.stringMatching(/^run \d+ {2}sandbox {2}accounts {2}pull {2}poll queued$/),
        expect.stringMatching(/^run \d+ {2}sandbox {2}accounts {2}push {2}succeeded: created 1, .*failed 0/),
        expect.stringMatching(/^run \d+ {2}sandbox {2}contacts {2}push {2}succeeded: /),
        'The connector report is empty: every record is in step.',
      ]),
    );
    const company = await companyOf('NW-1');
    expect(company).toMatchObject({ name: 'Northwind Traders' });

    await store.update('accounts', 'NW-1', { phone: '+1 813 555 0199' }, api);
    const before = await writesToConnectWise();
    const dry = await sync('--dry-run', '--json', '--direction', 'push');
    const plan = (JSON.parse(dry.stdout) as { plan: DryRunEntry[] }).plan;
    expect(plan.filter((entry) => entry.action !== 'unchanged')).toEqual([
      expect.objectContaining({
        module: 'accounts',
        id: 'NW-1',
        action: 'update',
        writes: [
          {
            to: 'connectwise',
            method: 'PATCH',
            path: `company/companies/${company!.id}`,
            operations: [{ op: 'replace', path: 'phoneNumber', value: '+1 813 555 0199' }],
          },
        ],
      }),
    ]);
    expect(await writesToConnectWise()).toBe(before);
  });

  it('a record that fails (unmapped account type) makes the exit code 1 and is in the report', async () => {
    await store.upsert('account-types', 'reseller', { name: 'Reseller' }, api);
    await upsertAccount(store, 'NW-3', { name: 'Fabrikam', type: { id: 'reseller' } });
    const result = await sync('--wait', '--module', 'accounts', '--direction', 'push', '--json');
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as {
      runs: Array<{ status: string; counts: Record<string, number> }>;
      report: { records: number };
    };
    expect(output.runs).toEqual([
      expect.objectContaining({
        status: 'failed',
        counts: expect.objectContaining({ failed: 1, updated: 1 }),
      }),
    ]);
    expect(output.report).toEqual({ records: 1 });
    const report = await runCliInProcess(['report', '--instance', 'sandbox', '--database-url', command.url]);
    expect(report.stdout).toMatch(/NW-3 .*accountType: account type "reseller"/);
  });

  it('without --wait only queues, and says who does the work', async () => {
    const result = await sync('--module', 'contacts', '--direction', 'push', '--json');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { runs: Array<{ status: string }>; waited: boolean };
    expect(output).toMatchObject({ runs: [{ status: 'running' }], waited: false });
    expect(await count('sync_jobs')).toBe(1);
    const text = await sync('--module', 'contacts', '--direction', 'push');
    expect(text.stdout).toContain('a running `cwsync serve` or `cwsync worker` does the work');
  });

  it('Ctrl-C stops the queue gracefully: the job in hand finishes, the rest stay queued, exit 130', async () => {
    for (let n = 1; n <= 5; n += 1) {
      await upsertAccount(store, `SIG-${n}`, { name: `Interrupted ${n}` });
    }
    await cw.setFaults({ latencyMs: 100 });
    try {
      const running = sync('--wait', '--module', 'accounts', '--direction', 'push', '--concurrency', '1');
      await vi.waitFor(
        async () => {
          const synced = await database.db
            .selectFrom('sync_run_records')
            .select('record_id')
            .where('record_id', 'like', 'SIG-%')
            .execute();
          expect(synced.length).toBeGreaterThan(0);
        },
        { timeout: 15_000, interval: 20 },
      );
      process.emit('SIGINT', 'SIGINT');
      const result = await running;
      expect(result.code).toBe(130);
      expect(result.stdout).toContain('Stopped before the runs finished');
      const left = await database.db
        .selectFrom('sync_jobs')
        .select(['record_id', 'state'])
        .where('record_id', 'like', 'SIG-%')
        .execute();
      expect(left.length).toBeGreaterThan(0);
      expect(left.every((job) => job.state === 'waiting')).toBe(true);
      expect(process.listenerCount('SIGINT')).toBe(0);
    } finally {
      await cw.setFaults({ latencyMs: 0 });
    }
  });

  // graphile-worker runs on PostgreSQL only: the test exists for that target alone (not skipped on SQLite).
  if (target.name === 'postgres')
    it('runs on graphile-worker, the default runner on PostgreSQL', async () => {
      const schema = `cwsync_test_gw_${randomBytes(4).toString('hex')}`;
      try {
        await upsertAccount(store, 'NW-5', { name: 'Adventure Works' });
        const result = await runCliInProcess([
          'sync',
          '--wait',
          '--module',
          'accounts',
          '--direction',
          'push',
          '--database-url',
          command.url,
          '--graphile-schema',
          schema,
        ]);
        expect(result.stdout).toMatch(/accounts {2}push {2}failed: .*failed 1/);
        expect(await companyOf('NW-5')).toMatchObject({ name: 'Adventure Works' });
      } finally {
        await runAdminStatement(postgresTestUrl()!, `drop schema if exists "${schema}" cascade`);
      }
    });
});
