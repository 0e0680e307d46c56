import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkRecord } from '../../src/bss/store/record-links.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createReportRepository, type ReportRepository } from '../../src/report/index.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { databaseTargets, postgresTestUrl, runAdminStatement } from '../support/database.js';
import { runCliInProcess as runCli } from '../support/run-cli-in-process.js';

describe.each(databaseTargets())('cwsync report, resync and unlink on $name', (target) => {
  let command: CommandDatabase;
  let database: DatabaseHandle;
  let reports: ReportRepository;
  const cli = (...args: string[]) => runCli([...args, '--database-url', command.url]);

  beforeAll(async () => {
    command = await createCommandDatabase(target.name);
    database = createDatabase(command.url);
    await database.migrate();
    reports = createReportRepository(database.db);
    const at = new Date().toISOString();
    await database.db
      .insertInto('connector_instances')
      .values({
        id: 'tenant-a',
        name: 'Tenant A',
        site_url: 'https://example.invalid',
        company_id: 'cwsync',
        public_key: 'sealed',
        private_key: 'sealed',
        client_id: 'client',
        api_version: '2025.1',
        server_variables: '{}',
        sync_options: '{}',
        enabled: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await reports.recordOutcome(
      'tenant-a',
      'accounts',
      'acc-1',
      'push',
      {
        outcome: 'failed',
        failure: {
          message: 'ConnectWise refused the company',
          connectwise: {
            status: 400,
            code: 'InvalidObject',
            errors: [{ field: 'identifier', message: 'identifier is already in use' }],
          },
          retryable: false,
        },
      },
      { action: 'create' },
    );
    await reports.recordOutcome('tenant-a', 'contacts', 'con-1', 'push', {
      outcome: 'failed',
      failure: { field: 'email', message: 'email is not valid', retryable: false },
    });
    await reports.recordOutcome('tenant-a', 'contacts', 'con-2', 'pull', {
      outcome: 'waiting',
      dependencies: [{ module: 'accounts', connectwiseId: 250 }],
    });
    await reports.recordOutcome('tenant-b', 'accounts', 'acc-9', 'push', {
      outcome: 'failed',
      failure: { message: 'timed out', retryable: true },
    });
  });
  afterAll(async () => {
    await database?.destroy();
    await command?.drop();
  });

  it('shows the report as a table with ConnectWise’s field errors, filtered', async () => {
    const all = await cli('report', '--instance', 'Tenant A');
    expect(all.code).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toMatch(/^INSTANCE\s+MODULE\s+BSS ID\s+DIRECTION\s+ACTION\s+OUTCOME\s+ATTEMPTS/);
    expect(lines).toHaveLength(4);
    expect(all.stdout).toContain(
      'ConnectWise refused the company (ConnectWise 400) [identifier: identifier is already in use]',
    );
    expect(all.stdout).not.toContain('acc-9');

    const pulls = await cli('report', '--direction', 'pull', '--json');
    expect(JSON.parse(pulls.stdout)).toEqual([
      expect.objectContaining({
        instanceId: 'tenant-a',
        recordId: 'con-2',
        message: 'waiting for accounts ConnectWise #250',
      }),
    ]);
    const byError = await cli('report', '--error', 'TIMED', '--json');
    expect(JSON.parse(byError.stdout).map((entry: { recordId: string }) => entry.recordId)).toEqual([
      'acc-9',
    ]);
    const byModule = await cli('report', '--module', 'contacts', '--direction', 'push');
    expect(byModule.stdout).toContain('email: email is not valid');
    expect(byModule.stdout).not.toContain('acc-1');

    const bad = await cli('report', '--direction', 'sideways');
    expect(bad).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--direction: must be push or pull'),
    });
  });

  it('lists runs', async () => {
    expect((await cli('report', 'runs')).stdout).toBe('No sync runs yet.');
    const id = await reports.startRun({
      instanceId: 'tenant-a',
      module: 'accounts',
      direction: 'push',
      trigger: 'manual',
    });
    await reports.finishRun(id, { status: 'succeeded', counts: { created: 2, failed: 1 } });
    await reports.startRun({
      instanceId: 'tenant-b',
      module: 'accounts',
      direction: 'push',
      trigger: 'schedule',
    });
    const table = await cli('report', 'runs', '--instance', 'tenant-a');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('created 2, failed 1');
    expect(table.stdout).not.toContain('tenant-b');
    const json = await cli('report', 'runs', '--json');
    expect(
      JSON.parse(json.stdout)
        .map((run: { instanceId: string }) => run.instanceId)
        .sort(),
    ).toEqual(['tenant-a', 'tenant-b']);
  });

  it('queues pushes: one record, or every failed record of an instance', async () => {
    const embedded = ['--runner', 'embedded'];
    const one = await cli('resync', 'accounts', 'acc-1', '--instance', 'tenant-a', ...embedded);
    expect(one).toEqual({ code: 0, stdout: 'Queued a push of accounts acc-1 on tenant-a.', stderr: '' });
    const all = await cli('resync', '--all-failed', '--instance', 'Tenant A', ...embedded);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Queued a push of contacts con-1 on tenant-a.');
    expect(all.stdout).toContain('2 records queued.');
    const jobs = await database.db
      .selectFrom('sync_jobs')
      .select(['kind', 'instance_id', 'module', 'record_id'])
      .where('state', '=', 'waiting')
      .orderBy('record_id')
      .execute();
    // the second enqueue of acc-1 coalesces into the first; the waiting pull of con-2 has not failed
    expect(jobs).toEqual([
      { kind: 'push', instance_id: 'tenant-a', module: 'accounts', record_id: 'acc-1' },
      { kind: 'push', instance_id: 'tenant-a', module: 'contacts', record_id: 'con-1' },
    ]);

    expect(await cli('resync', 'accounts', 'acc-1', '--instance', 'nope')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no connector instance "nope"'),
    });
    expect(await cli('resync', 'widgets', 'w-1', '--instance', 'tenant-a')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('module: "widgets" must be one of'),
    });
    expect(await cli('resync', '--instance', 'tenant-a')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('give <module> <recordId>, or --all-failed'),
    });
  });

  // On PostgreSQL the workers read graphile-worker's queue: resync must queue there by default, not in sync_jobs.
  if (target.name === 'postgres')
    it("queues into graphile-worker's queue by default on PostgreSQL", async () => {
      const schema = `cwsync_resync_gw_${randomBytes(4).toString('hex')}`;
      const url = postgresTestUrl()!;
      try {
        const queued = await cli(
          'resync',
          'contacts',
          'con-1',
          '--instance',
          'tenant-a',
          '--graphile-schema',
          schema,
        );
        expect(queued).toMatchObject({ code: 0, stdout: 'Queued a push of contacts con-1 on tenant-a.' });
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const { rows } = await client.query<{ payload: { module: string; recordId: string } }>(
            `select payload from "${schema}"._private_jobs`,
          );
          expect(rows.map((row) => [row.payload.module, row.payload.recordId])).toEqual([
            ['contacts', 'con-1'],
          ]);
        } finally {
          await client.end();
        }
      } finally {
        await runAdminStatement(url, `drop schema if exists "${schema}" cascade`);
      }
    });

  it('unlinks a record and clears its report rows; a record with no link is exit 1', async () => {
    await linkRecord(database.db, {
      instanceId: 'tenant-a',
      entity: 'accounts',
      recordId: 'acc-1',
      integrationId: '42',
    });
    const done = await cli('unlink', 'accounts', 'acc-1', '--instance', 'tenant-a');
    expect(done).toEqual({
      code: 0,
      stdout: 'Unlinked accounts acc-1 from ConnectWise #42 on tenant-a; removed 1 report row.',
      stderr: '',
    });
    expect(await database.db.selectFrom('record_links').selectAll().execute()).toEqual([]);
    expect(
      await reports.get({ instanceId: 'tenant-a', module: 'accounts', recordId: 'acc-1', direction: 'push' }),
    ).toBeUndefined();

    const again = await cli('unlink', 'accounts', 'acc-1', '--instance', 'tenant-a');
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cwsync unlink: accounts acc-1 is not linked on tenant-a; nothing to do',
    });
  });

  it('links a match under review in one step, the ConnectWise record the review found; anything else is exit 1', async () => {
    await reports.recordOutcome(
      'tenant-a',
      'accounts',
      'acc-7',
      'push',
      {
        outcome: 'ambiguous',
        candidates: [77],
        rule: 'same name, when exactly one company has it',
        review: { field: 'identifier', message: 'matched by name, review: …' },
      },
      { action: 'link' },
    );
    const embedded = ['--runner', 'embedded'];
    expect(
      await cli('link', 'accounts', 'acc-7', '--instance', 'tenant-a', '--to', '78', ...embedded),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cwsync link: ConnectWise #78 is not the record found for accounts acc-7 (found: #77)',
    });
    expect(await cli('link', 'accounts', 'acc-1', '--instance', 'tenant-a', ...embedded)).toMatchObject({
      code: 1,
      stderr: 'cwsync link: accounts acc-1 has no match under review on tenant-a; nothing to link',
    });
    expect(await cli('link', 'accounts', 'acc-7', '--instance', 'tenant-a', ...embedded)).toEqual({
      code: 0,
      stdout: 'Queued the link of accounts acc-7 to ConnectWise #77 on tenant-a.',
      stderr: '',
    });
    const job = await database.db
      .selectFrom('sync_jobs')
      .select(['kind', 'module', 'record_id', 'payload'])
      .where('record_id', '=', 'acc-7')
      .executeTakeFirst();
    expect(job).toMatchObject({ kind: 'push', module: 'accounts', record_id: 'acc-7' });
    const payload = typeof job!.payload === 'string' ? JSON.parse(job!.payload) : job!.payload;
    expect(payload).toEqual({ adopt: 77 });
  });

  it('groups the report by cause: one entry per ConnectWise refusal, whatever record it names, with the fix', async () => {
    for (const [id, identifier] of [
      ['shop-1', 'SHOP-1'],
      ['shop-2', 'SHOP-2'],
      ['shop-3', 'SHOP-3'],
    ] as const) {
      await reports.recordOutcome('tenant-c', 'accounts', id, 'push', {
        outcome: 'failed',
        failure: {
          field: 'identifier',
          message: 'ConnectWise refused the company',
          connectwise: {
            status: 400,
            code: 'InvalidObject',
            errors: [{ field: 'identifier', message: `identifier "${identifier}" is already in use` }],
          },
          retryable: false,
        },
      });
    }
    await reports.recordOutcome('tenant-c', 'contacts', 'shop-1-c', 'push', {
      outcome: 'failed',
      failure: { field: 'email', message: 'email is not valid', retryable: false },
    });
    const grouped = await cli('report', '--instance', 'tenant-c', '--by-cause');
    expect(grouped.code).toBe(0);
    expect(grouped.stdout.split('\n\n')).toEqual([
      [
        '3 accounts failed (push): ConnectWise refused the company (ConnectWise 400: identifier: identifier "SHOP-1" is already in use)',
        "  fix: change the identifier field (in the BSS, or the instance's mapping) so ConnectWise takes it, then re-sync the group",
        '  records: shop-1, shop-2, shop-3',
      ].join('\n'),
      [
        '1 contacts failed (push): email is not valid',
        '  fix: correct the records as the message says, then re-sync the group',
        '  records: shop-1-c',
      ].join('\n'),
    ]);
    const json = await cli(
      'report',
      '--instance',
      'tenant-c',
      '--by-cause',
      '--json',
      '--module',
      'accounts',
    );
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ count: 3, modules: ['accounts'] })]);
    const noInstance = await cli('report', '--by-cause');
    expect(noInstance).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--by-cause: give --instance too'),
    });
  });
});
