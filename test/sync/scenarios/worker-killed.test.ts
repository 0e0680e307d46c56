// Scenario: `cwsync worker` processes on PostgreSQL (graphile-worker), sharing the application schema. Two workers
// push 200 accounts and 400 contacts without making anything twice; a worker SIGKILLed in the middle of a sync is
// replaced by a new one and everything still ends in step, once; so does one SIGKILLed in the middle of a pull's
// poll, which the new one resumes from its checkpoint. PostgreSQL only: the scale-out runner needs it
// (two processes on one SQLite file are not a supported deployment).
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphileQueue, scheduleKind, type JobQueue } from '../../../src/jobs/index.js';
import { feedChanges, startRun } from '../../../src/sync/index.js';
import { spawnCliProcess } from '../../support/cli-process.js';
import { databaseTargets, postgresTestUrl, runAdminStatement } from '../../support/database.js';
import { seedCompaniesToPull } from '../../support/create-companies.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { waitFor } from '../../jobs/support/queue-targets.js';
import { allCompanies, allContacts, duplicatesOf } from './support/connectwise-side.js';

const url = postgresTestUrl();
const postgres = databaseTargets().find((target) => target.name === 'postgres');
const api = { origin: 'api' as const };

/** The same URL with every connection's search_path set to `schema`: how a worker process finds the test's schema. */
function urlWithSchema(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

describe.skipIf(url === undefined || postgres === undefined)('cwsync worker processes on PostgreSQL', () => {
  const secretKey = randomBytes(32);
  const graphileSchema = `cwsync_gw_${randomBytes(6).toString('hex')}`;
  let world: SyncWorld;
  let queue: JobQueue;
  let appUrl: string;
  const workers: Array<{ process: ChildProcess; output: string }> = [];

  beforeAll(async () => {
    world = await startSyncWorld(postgres!, { secretKey });
    const schema = (
      await sql<{ schema: string }>`select current_schema() as schema`.execute(world.database.db)
    ).rows[0]!.schema;
    appUrl = urlWithSchema(url!, schema);
    queue = createGraphileQueue({ connectionString: url!, schema: graphileSchema });
    await queue.stats(); // installs graphile-worker's schema before any worker starts
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.process.exitCode === null) worker.process.kill('SIGKILL');
    await queue?.close();
    await world?.stop();
    if (url !== undefined) await runAdminStatement(url, `drop schema if exists "${graphileSchema}" cascade`);
  });

  // A test that failed with its workers running must not leave them pushing into the next test's records.
  afterEach(async () => {
    const running = workers
      .splice(0)
      .filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null);
    await Promise.all(
      running.map((worker) => {
        const exited = new Promise((done) => worker.process.once('exit', done));
        worker.process.kill('SIGKILL');
        return exited;
      }),
    );
  });

  /** Starts `cwsync worker --runner graphile` on the test's schema and waits until it runs. */
  async function startWorker(): Promise<{ process: ChildProcess; output: string }> {
    const worker = {
      process: spawnCliProcess(
        [
          'worker',
          '--runner',
          'graphile',
          '--database-url',
          appUrl,
          '--graphile-schema',
          graphileSchema,
          '--concurrency',
          '4',
          '--poll-interval',
          '20',
          '--dead-worker-after',
          '3000',
        ],
        { CWSYNC_SECRET_KEY: secretKey.toString('base64'), LOG_LEVEL: 'debug' },
      ),
      output: '',
    };
    worker.process.stdout?.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
    worker.process.stderr?.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
    workers.push(worker);
    await waitFor(
      () => {
        const { exitCode, signalCode } = worker.process;
        if (exitCode !== null || signalCode !== null)
          throw new Error(`the worker ended (${exitCode ?? signalCode}) before it ran:\n${worker.output}`);
        return worker.output.includes('running (graphile');
      },
      'the worker to start',
      30_000,
    );
    return worker;
  }

  /** Accounts `<prefix>-1…n`, each with `contactsEach` contacts, the first its primary contact, in three batches. */
  async function writeAccounts(prefix: string, count: number, contactsEach: number): Promise<void> {
    const account = (index: number, primary?: string) => ({
      id: `${prefix}-${index}`,
      input: {
        name: `${prefix} Company ${index}`,
        type: { id: 'customer' },
        addresses: [{ address1: `${index} Worker Row`, city: 'Tampa', countryCode: 'US', isBilling: true }],
        ...(primary ? { primaryContact: { id: primary } } : {}),
      },
    });
    const indexes = Array.from({ length: count }, (_, index) => index + 1);
    await world.store.writeBatch(
      'accounts',
      indexes.map((index) => account(index)),
      api,
    );
    const contacts = indexes.flatMap((index) =>
      Array.from({ length: contactsEach }, (_, number) => ({
        id: `${prefix}-${index}-c${number + 1}`,
        input: {
          account: { id: `${prefix}-${index}` },
          firstName: `Person${number + 1}`,
          lastName: `${prefix}${index}`,
          email: `person${number + 1}.${index}@${prefix.toLowerCase()}.example`,
        },
      })),
    );
    const written = await world.store.writeBatch('contacts', contacts, api);
    expect(written.filter((row) => !row.ok)).toEqual([]);
    await world.store.writeBatch(
      'accounts',
      indexes.map((index) => account(index, `${prefix}-${index}-c1`)),
      api,
    );
  }

  /** Queues the BSS changes as the workers' feed schedule would, now rather than within its 2 s. */
  const feed = () =>
    feedChanges({
      store: world.store,
      instances: world.instances,
      connector: world.connector,
      state: world.sync.state,
      queue,
    });

  async function linkCount(prefix: string): Promise<number> {
    const row = await world.database.db
      .selectFrom('record_links')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('instance_id', '=', world.instanceId)
      .where('record_id', 'like', `${prefix}-%`)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  const syncJobsLeft = async () => {
    const stats = await queue.stats();
    return Object.entries(stats.byKind)
      .filter(([kind]) => kind !== scheduleKind)
      .reduce((sum, [, kind]) => sum + kind.waiting + kind.running, 0);
  };

  /** Exactly one company per account and one contact per contact of `prefix`, each linked to its own record. */
  async function expectInStepOnce(prefix: string, accounts: number, contactsEach: number): Promise<void> {
    const companies = (await allCompanies(world)).filter((company) =>
      company.identifier.startsWith(`${prefix}-`),
    );
    expect(duplicatesOf(companies.map((company) => company.identifier))).toEqual([]);
    expect(companies).toHaveLength(accounts);
    const contacts = (await allContacts(world)).filter((contact) => contact.lastName?.startsWith(prefix));
    expect(
      duplicatesOf(
        contacts.map((contact) => `${contact.company?.id} ${contact.firstName} ${contact.lastName}`),
      ),
    ).toEqual([]);
    expect(contacts).toHaveLength(accounts * contactsEach);

    const links = await world.database.db
      .selectFrom('record_links')
      .select(['entity', 'record_id', 'integration_id'])
      .where('instance_id', '=', world.instanceId)
      .where('record_id', 'like', `${prefix}-%`)
      .execute();
    const linkedCompanies = links
      .filter((link) => link.entity === 'accounts')
      .map((link) => Number(link.integration_id));
    const linkedContacts = links
      .filter((link) => link.entity === 'contacts')
      .map((link) => Number(link.integration_id));
    expect(linkedCompanies.sort()).toEqual(companies.map((company) => company.id).sort());
    expect(linkedContacts.sort()).toEqual(contacts.map((contact) => contact.id).sort());
    for (const company of companies) {
      expect(company.defaultContact).toBeDefined();
      expect(company.billToCompany).toMatchObject({ id: company.id });
    }
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  }

  it('two workers push 200 accounts and 400 contacts: each made once and linked once', async () => {
    await writeAccounts('WA', 200, 2);
    await feed();
    const pair = await Promise.all([startWorker(), startWorker()]);
    await waitFor(
      async () => (await linkCount('WA')) === 600 && (await syncJobsLeft()) === 0,
      'the push',
      90_000,
    );

    await expectInStepOnce('WA', 200, 2);
    // both processes took their share of the jobs
    for (const worker of pair) expect(worker.output).toMatch(/"msg":"push"/);
    const exits = pair.map((worker) => new Promise((done) => worker.process.once('exit', done)));
    for (const worker of pair) worker.process.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
    for (const worker of pair) expect(worker.output).not.toContain(world.cw.sandbox.credentials.privateKey);
  }, 120_000);

  it('a worker SIGKILLed in the middle of a sync, and a new one started: everything ends in step, once', async () => {
    const doomed = await startWorker();
    await writeAccounts('WK', 60, 2);
    await feed();
    await waitFor(async () => (await linkCount('WK')) >= 40, 'the sync to be under way', 60_000);
    const exited = new Promise((done) => doomed.process.once('exit', done));
    doomed.process.kill('SIGKILL');
    await exited;
    const linkedAtKill = await linkCount('WK');
    expect(linkedAtKill).toBeLessThan(180);

    // it died holding jobs: the replacement sees their worker stop beating and frees them (not after 4 hours)
    const lockedBy = sql<{ locked_by: string }>`
      select distinct locked_by from ${sql.id(graphileSchema, '_private_jobs')} where locked_by is not null
      union select distinct locked_by from ${sql.id(graphileSchema, '_private_job_queues')} where locked_by is not null
    `;
    const deadWorkers = (await lockedBy.execute(world.database.db)).rows.map((row) => row.locked_by);
    expect(deadWorkers).not.toEqual([]);

    const replacement = await startWorker();
    await waitFor(
      async () => (await linkCount('WK')) === 180 && (await syncJobsLeft()) === 0,
      'the sync to finish',
      90_000,
    );
    await expectInStepOnce('WK', 60, 2);
    expect(replacement.output).toMatch(/"msg":"push"/);
    expect(replacement.output).toContain(`Freed the jobs of`);
    for (const workerId of deadWorkers) expect(replacement.output).toContain(workerId);
    const exit = new Promise((done) => replacement.process.once('exit', done));
    replacement.process.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 120_000);

  it('a worker SIGKILLed in the middle of a pull run: the new one resumes the poll; each record pulled once, counted once', async () => {
    await seedCompaniesToPull(world, {
      prefix: 'WP',
      name: 'Worker Pull',
      contactLastName: 'WorkerPull',
      count: 150,
    });
    const everyRecord = async (entity: 'accounts' | 'contacts') => {
      const items = [];
      let after: string | undefined;
      do {
        const page = await world.store.list(entity, { limit: 500, ...(after ? { after } : {}) });
        items.push(...page.items);
        after = page.nextCursor ?? undefined;
      } while (after !== undefined);
      return items;
    };
    const pulledAccounts = async () =>
      (await everyRecord('accounts')).filter((item) => item.id.startsWith('WP-'));
    const pulledContacts = async () =>
      (await everyRecord('contacts')).filter((item) =>
        String((item.account as { id?: unknown } | undefined)?.id).startsWith('WP-'),
      );
    const runDeps = {
      db: world.database.db,
      store: world.store,
      connector: world.connector,
      reports: world.sync.reports,
      state: world.sync.state,
      queue,
    };
    await world.cw.setFaults({ latencyMs: 5 });
    const doomed = await startWorker();
    const runIds = [];
    for (const module of ['accounts', 'contacts']) {
      runIds.push(
        await startRun(runDeps, {
          instanceId: world.instanceId,
          module,
          direction: 'pull',
          trigger: 'manual',
        }),
      );
    }
    await waitFor(async () => (await pulledAccounts()).length >= 40, 'the poll to be under way', 60_000);
    const exited = new Promise((done) => doomed.process.once('exit', done));
    doomed.process.kill('SIGKILL');
    await exited;
    await world.cw.setFaults({ latencyMs: 0 });
    expect((await pulledAccounts()).length + (await pulledContacts()).length).toBeLessThan(300);

    const replacement = await startWorker();
    await waitFor(
      async () =>
        (await pulledAccounts()).length === 150 &&
        (await pulledContacts()).length === 150 &&
        (await syncJobsLeft()) === 0,
      'the pull to finish',
      90_000,
    );
    await world.sync.settleRuns();
    const [accountsRun, contactsRun] = await Promise.all(
      runIds.map((runId) => world.sync.runProgress(runId)),
    );
    // every listed record counted once; those the dead worker finished count as created, never as a second one
    for (const run of [accountsRun, contactsRun]) {
      expect(run).toMatchObject({ status: 'succeeded', done: run!.expected });
      expect(run!.counts).toMatchObject({ failed: 0, waiting: 0, ambiguous: 0 });
    }
    // a record the dead worker had written but not yet counted (at most the 4 in flight) is found when the poll
    // resumes: in step (unchanged), or matched and linked when its link was not saved yet — never created twice
    const { created, unchanged, linked, updated } = accountsRun!.counts;
    expect(created + unchanged + linked + updated).toBe(accountsRun!.expected);
    expect(accountsRun!.counts.created).toBeGreaterThanOrEqual(150 - 4);
    expect(contactsRun!.counts.created).toBeGreaterThanOrEqual(150 - 4);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    expect(replacement.output).toMatch(/poll finished|"msg":"pull"|Freed the jobs of/);
    const exit = new Promise((done) => replacement.process.once('exit', done));
    replacement.process.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 150_000);
});
