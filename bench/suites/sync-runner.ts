// The whole sync runner as a user runs it: records imported into the store, an instance pointing at an
// in-process sandbox (seed 'demo') with its AccountType and Currency lookups mapped, the sync service with the
// embedded queue on the same database, the change feed read into push jobs and the queue run until no sync job
// is left. An initial push of N accounts and 3N contacts, an incremental run with 1 % of them changed through
// the API, and a manual full push run over unchanged records; at 0 ms and (a smaller N) at 50 ms of sandbox
// latency; on SQLite, and on PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set. Calls are counted by
// the sandbox (GET /__sandbox/calls); memory is sampled every 100 ms.
import { randomBytes } from 'node:crypto';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { EntityName } from '../../src/bss/records/index.js';
import { createConnectWiseClient } from '../../src/connectwise/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  createInstanceRepository,
  createLookupRepository,
  SecretBox,
  type InstanceRepository,
  type LookupRepository,
} from '../../src/instances/index.js';
import { createEmbeddedQueue, type JobHandlers, type JobQueue } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logging/logger.js';
import type { ApiVersion } from '../../src/sandbox/context.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { connectWiseConcurrencyFor, createSyncService, type SyncService } from '../../src/sync/index.js';
import {
  openPostgresTestDatabase,
  openSqliteTestDatabase,
  postgresTestUrl,
  type DatabaseTarget,
} from '../../test/support/database.js';
import { benchAccount } from '../bench-records.js';
import { countCalls, setLatency } from '../sandbox-control.js';
import type { BenchResult } from '../types.js';

const suite = 'sync-runner';
export const clientId = '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b';
const contactsPerAccount = 3;
const importBatchSize = 500;
/**
 * Queue concurrency 4, 8 and 16 were tried at 1 000 accounts (CWSYNC_BENCH_CONCURRENCY=4,8,16): 16 was the
 * fastest on PostgreSQL and as fast as 8 on SQLite (docs/benchmarks.md), so the suite runs at 16.
 */
export const bestConcurrency = 16;

export interface SyncRunnerScenario {
  accounts: number;
  latencyMs: number;
  /** why this N differs from the 0 ms one, printed with its figures */
  scaledBecause?: string;
}

export interface SyncRunnerBenchOptions {
  targets: DatabaseTarget[];
  scenarios: SyncRunnerScenario[];
  /** queue concurrencies to run every scenario at */
  concurrencies: number[];
  /** how long the queue may make no progress before the run is called stuck (default 120 s) */
  stallMs?: number;
}

/** `npm run bench -- sync-runner`: N from CWSYNC_BENCH_ACCOUNTS (default 10 000), concurrency from CWSYNC_BENCH_CONCURRENCY. */
export async function run(): Promise<BenchResult[]> {
  const accounts = readWholeNumber('CWSYNC_BENCH_ACCOUNTS', process.env.CWSYNC_BENCH_ACCOUNTS, 10_000);
  const slowAccounts = Math.min(accounts, 1_000);
  const url = postgresTestUrl();
  const targets: DatabaseTarget[] = [{ name: 'sqlite', open: openSqliteTestDatabase }];
  if (url !== undefined) targets.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) });
  return runSyncRunnerBench({
    targets,
    scenarios: [
      { accounts, latencyMs: 0 },
      {
        accounts: slowAccounts,
        latencyMs: 50,
        ...(slowAccounts < accounts
          ? { scaledBecause: `scaled down from ${accounts} accounts: every call waits 50 ms` }
          : {}),
      },
    ],
    concurrencies: readConcurrencies(process.env.CWSYNC_BENCH_CONCURRENCY),
  });
}

/**
 * Runs every scenario on every database target at every concurrency, each in a fresh database and sandbox,
 * and returns its figures. Exported so a smoke test can run it at a tiny size.
 */
export async function runSyncRunnerBench(options: SyncRunnerBenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const target of options.targets) {
    for (const scenario of options.scenarios) {
      for (const concurrency of options.concurrencies) {
        results.push(...(await runScenario(target, scenario, concurrency, options.stallMs ?? 120_000)));
      }
    }
  }
  return results;
}

export interface RunnerWorld {
  database: DatabaseHandle;
  store: RecordStore;
  sandbox: RunningSandbox;
  queue: JobQueue;
  service: SyncService;
  instances: InstanceRepository;
  lookups: LookupRepository;
  instanceId: string;
  /** jobs the queue has handed to a handler, by kind */
  jobsRun: Map<string, number>;
  stop(): Promise<void>;
}

export interface PhaseFigures {
  records: number;
  seconds: number;
  callsByMethod: Map<string, number>;
  peakRssMiB: number;
  peakHeapMiB: number;
  jobsByKind: Map<string, number>;
}

async function runScenario(
  target: DatabaseTarget,
  scenario: SyncRunnerScenario,
  concurrency: number,
  stallMs: number,
): Promise<BenchResult[]> {
  const world = await startRunnerWorld(target, { jobConcurrency: concurrency });
  try {
    const workload = await importWorkload(world.store, scenario.accounts);
    await setLatency(world.sandbox, scenario.latencyMs);
    await world.queue.start(world.service.handlers, { concurrency });
    const label = `${target.name}, ${scenario.latencyMs} ms, concurrency ${concurrency}`;
    const about = [
      `${scenario.accounts} accounts + ${scenario.accounts * contactsPerAccount} contacts`,
      scenario.scaledBecause ?? '',
    ]
      .filter(Boolean)
      .join(', ');
    const results: BenchResult[] = [];
    const report = (phase: string, figures: PhaseFigures, goal: string, callNote: string) => {
      const calls = sum(figures.callsByMethod);
      const perRecord = calls / figures.records;
      results.push(
        {
          suite,
          name: `${phase} (${label}): records/s`,
          value: figures.records / figures.seconds,
          unit: 'rec/s',
          note: `${figures.records} records in ${figures.seconds.toFixed(1)} s; ${about}`,
        },
        {
          suite,
          name: `${phase} (${label}): ConnectWise calls per record`,
          value: perRecord,
          unit: 'calls',
          note: `${goal}; ${calls} calls (${describeCounts(figures.callsByMethod)}) for ${figures.records} records${callNote}`,
        },
        {
          suite,
          name: `${phase} (${label}): peak RSS`,
          value: figures.peakRssMiB,
          unit: 'MiB',
          note: `peak heap used ${figures.peakHeapMiB.toFixed(0)} MiB; the whole process, the in-process sandbox included`,
        },
        {
          suite,
          name: `${phase} (${label}): queue jobs run`,
          value: sum(figures.jobsByKind),
          unit: 'jobs',
          note: describeCounts(figures.jobsByKind),
        },
      );
    };

    const initial = await measurePhase(world, workload.total, () => drain(world, stallMs));
    await expectInStep(world, workload.total, 'initial push');
    const secondPatches = (initial.callsByMethod.get('PATCH') ?? 0) - scenario.accounts;
    report(
      'initial push',
      initial,
      // One POST per record and one PATCH per account (its default contact: docs/connectwise-tenant-rules.md K3);
      // the sandbox makes a new company its own bill-to, so no call writes that.
      goalNote(
        '1 POST per record + 1 PATCH per account',
        writesOf(initial.callsByMethod) === initial.records + scenario.accounts,
      ),
      [
        '; a POST per record, and a PATCH per account for its default contact (the bill-to only where the create answer lacks it: the sandbox sets it)',
        secondPatches > 0
          ? `, plus ${secondPatches} second PATCHes (accounts pushed again between their create and their primary contact's)`
          : '',
        '; the GETs read the reference data and the match index',
      ].join(''),
    );

    const changed = await changeOnePercent(world.store, workload);
    const incremental = await measurePhase(world, changed, () => drain(world, stallMs));
    await expectInStep(world, workload.total, 'incremental push');
    report(
      'incremental push',
      incremental,
      goalNote('1 per changed record', writesOf(incremental.callsByMethod) === incremental.records),
      ` changed (1 %, a phone number, through store.update with origin 'api'); records/s counts the changed records`,
    );

    const unchanged = await measurePhase(world, workload.total, async () => {
      await world.service.startRuns({ instanceId: world.instanceId, direction: 'push' });
      await drain(world, stallMs);
    });
    const settled = await expectUnchangedRuns(world, workload.total);
    report(
      'unchanged full push run',
      unchanged,
      goalNote('0 per unchanged record', writesOf(unchanged.callsByMethod) === 0),
      `; a manual run startRuns({direction: 'push'}): ${settled} records unchanged; the GETs re-read the reference data once (a manual run reloads the instance's settings)`,
    );
    return results;
  } finally {
    await world.stop();
  }
}

/**
 * A database, an in-process sandbox (seed 'demo', at `apiVersion`, else the sandbox's default) and an instance
 * on it with its AccountType and Currency lookups mapped, the embedded queue and the sync service (not started).
 */
export async function startRunnerWorld(
  target: DatabaseTarget,
  options: { apiVersion?: ApiVersion; jobConcurrency?: number } = {},
): Promise<RunnerWorld> {
  const database = await target.open();
  const apiVersion = options.apiVersion ? { apiVersion: options.apiVersion } : {};
  const sandbox = await startSandbox({ port: 0, seed: 'demo', ...apiVersion });
  try {
    const store = createRecordStore(database.db);
    const connector = await loadConnectWiseDefinition();
    const instances = createInstanceRepository(
      database.db,
      SecretBox.fromKey(randomBytes(32)),
      connector.definition,
    );
    const instance = await instances.create({
      id: 'bench',
      name: 'Bench',
      siteUrl: sandbox.url,
      clientId,
      ...sandbox.credentials,
      ...apiVersion,
    });
    const lookups = createLookupRepository(database.db, connector.definition);
    await mapLookups(sandbox, store, lookups, instance.id);
    // The queue and service as `cwsync worker` makes them: default poll interval and attempts, the client's calls
    // in flight following the jobs' concurrency.
    const queue = createEmbeddedQueue(database.db);
    const service = createSyncService({
      db: database.db,
      store,
      instances,
      connector,
      queue,
      clientOptions: { maxConcurrency: connectWiseConcurrencyFor(options.jobConcurrency ?? 8) },
    });
    const jobsRun = new Map<string, number>();
    const counted: JobHandlers = Object.fromEntries(
      Object.entries(service.handlers).map(([kind, handler]) => [
        kind,
        (job, context) => {
          jobsRun.set(kind, (jobsRun.get(kind) ?? 0) + 1);
          return handler(job, context);
        },
      ]),
    );
    return {
      database,
      store,
      sandbox,
      queue,
      service: { ...service, handlers: counted },
      instances,
      lookups,
      instanceId: instance.id,
      jobsRun,
      async stop() {
        await queue.stop();
        await service.close();
        await queue.close();
        await sandbox.stop();
        await database.destroy();
      },
    };
  } catch (error) {
    await sandbox.stop();
    await database.destroy();
    throw error;
  }
}

/** The BSS account type `customer` and currency `USD`, mapped to the demo seed's Customer type and USD. */
export async function mapLookups(
  sandbox: Pick<RunningSandbox, 'url' | 'credentials'>,
  store: RecordStore,
  lookups: ReturnType<typeof createLookupRepository>,
  instanceId: string,
): Promise<void> {
  const client = createConnectWiseClient({
    siteUrl: sandbox.url,
    ...sandbox.credentials,
    clientId,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const types = (await client.company.companyTypes.page()).items;
    const currencies = (await client.finance.currencies.page({ pageSize: 100 })).items;
    const customerType = types.find((type) => type.name === 'Customer');
    const usd = currencies.find((currency) => currency.currencyIdentifier === 'USD');
    if (!customerType || !usd)
      throw new Error('the demo sandbox has no Customer company type or USD currency');
    const api = { origin: 'api' as const };
    await store.upsert('account-types', 'customer', { name: 'Customer' }, api);
    await store.upsert('currencies', 'USD', { name: 'US Dollar', code: 'USD', symbol: '$' }, api);
    await lookups.set(instanceId, {
      lookup: 'AccountType',
      internalId: 'customer',
      integrationId: String(customerType.id),
    });
    await lookups.set(instanceId, { lookup: 'Currency', internalId: 'USD', integrationId: String(usd.id) });
  } finally {
    await client.close();
  }
}

export interface Workload {
  accountIds: string[];
  contactIds: string[];
  total: number;
}

/**
 * Imports N accounts and 3N contacts (or `contactsEach` N) with `writeBatch` (origin 'import', batches of 500), the way an import
 * file is written: the accounts, then their contacts, then each account's primary contact (its first one),
 * which can only be named once the contact exists.
 */
export async function importWorkload(
  store: RecordStore,
  accountCount: number,
  contactsEach = contactsPerAccount,
): Promise<Workload> {
  const accounts: Array<{ id: string; input: Record<string, unknown> }> = [];
  const contacts: Array<{ id: string; input: Record<string, unknown> }> = [];
  for (let n = 1; n <= accountCount; n += 1) {
    const id = `BA-${String(n).padStart(6, '0')}`;
    accounts.push({ id, input: benchAccount(id, n) });
    for (let c = 1; c <= contactsEach; c += 1) {
      const contactId = `${id}-C${c}`;
      contacts.push({
        id: contactId,
        input: {
          id: contactId,
          account: { id },
          firstName: `First${c}`,
          lastName: `Last${n}`,
          email: `contact${c}.${n}@bench.example`,
          phone: `+1 727 555 ${String(n % 10_000).padStart(4, '0')}`,
          isPrimary: c === 1,
        },
      });
    }
  }
  await writeInBatches(store, 'accounts', accounts);
  await writeInBatches(store, 'contacts', contacts);
  await writeInBatches(
    store,
    'accounts',
    accounts.map(({ id, input }) => ({ id, input: { ...input, primaryContact: { id: `${id}-C1` } } })),
  );
  return {
    accountIds: accounts.map((row) => row.id),
    contactIds: contacts.map((row) => row.id),
    total: accounts.length + contacts.length,
  };
}

export async function writeInBatches(
  store: RecordStore,
  entity: EntityName,
  rows: Array<{ id: string; input: unknown }>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += importBatchSize) {
    const results = await store.writeBatch(entity, rows.slice(start, start + importBatchSize), {
      origin: 'import',
      actor: 'import:bench',
    });
    const failure = results.find((result) => !result.ok);
    if (failure && !failure.ok) throw new Error(`importing ${entity}: ${failure.error.message}`);
  }
}

/** Changes the phone of every hundredth account and contact through the API's store path; returns how many. */
async function changeOnePercent(store: RecordStore, workload: Workload): Promise<number> {
  let changed = 0;
  const api = { origin: 'api' as const };
  for (const [index, id] of workload.accountIds.entries()) {
    if (index % 100 !== 0) continue;
    await store.update(
      'accounts',
      id,
      { phone: `+1 813 555 9${String(index % 1000).padStart(3, '0')}` },
      api,
    );
    changed += 1;
  }
  for (const [index, id] of workload.contactIds.entries()) {
    if (index % 100 !== 0) continue;
    await store.update(
      'contacts',
      id,
      { phone: `+1 727 555 9${String(index % 1000).padStart(3, '0')}` },
      api,
    );
    changed += 1;
  }
  return changed;
}

/**
 * Reads the change feed into jobs and waits until no sync job is left, as the test world's drain does, but
 * looking every 100 ms with an indexed "is any job waiting or running" (the queue's stats count the whole
 * jobs table, which at 40 000 jobs would compete with the runner for the database). Throws when no job has
 * started for `stallMs`.
 */
export async function drain(world: RunnerWorld, stallMs: number): Promise<void> {
  let lastProgress = Date.now();
  let lastStarted = -1;
  for (;;) {
    await world.service.feedChanges();
    if (!(await anySyncJobLeft(world))) {
      // one more look: a job that just finished may have queued another
      await sleep(30);
      if (!(await anySyncJobLeft(world)) && (await world.service.feedChanges()) === 0) return;
    }
    const started = sum(world.jobsRun);
    if (started !== lastStarted) {
      lastStarted = started;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      throw new Error(`no sync job started for ${stallMs} ms: ${JSON.stringify(await world.queue.stats())}`);
    }
    await sleep(100);
  }
}

/** No schedule is registered, so every job in the table is a sync job. */
async function anySyncJobLeft(world: RunnerWorld): Promise<boolean> {
  const row = await world.database.db
    .selectFrom('sync_jobs')
    .select('id')
    .where('state', 'in', ['waiting', 'running'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every record linked, nothing in the connector report, no failed job: the figures are of a run that worked. */
async function expectInStep(world: RunnerWorld, records: number, phase: string): Promise<void> {
  const linked = await world.database.db
    .selectFrom('record_links')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('instance_id', '=', world.instanceId)
    .executeTakeFirstOrThrow();
  const report = await world.service.reports.list({ instanceId: world.instanceId, limit: 5 });
  const failed = await world.queue.failed();
  if (Number(linked.count) !== records || report.entries.length > 0 || failed.length > 0) {
    throw new Error(
      `${phase}: ${linked.count} of ${records} records linked; report ${JSON.stringify(report.entries)}; failed jobs ${JSON.stringify(failed.slice(0, 3))}`,
    );
  }
}

/** The manual runs finished with every record unchanged; returns how many records they counted. */
async function expectUnchangedRuns(world: RunnerWorld, records: number): Promise<number> {
  await world.service.settleRuns();
  const runs = await world.service.reports.listRuns({ instanceId: world.instanceId, limit: 10 });
  const manual = runs.filter((entry) => entry.trigger === 'manual');
  const unchanged = manual.reduce((total, entry) => total + (entry.counts?.unchanged ?? 0), 0);
  if (unchanged !== records || manual.some((entry) => entry.status !== 'succeeded')) {
    throw new Error(`unchanged full push run: expected ${records} unchanged, got ${JSON.stringify(manual)}`);
  }
  return unchanged;
}

export async function measurePhase(
  world: RunnerWorld,
  records: number,
  work: () => Promise<void>,
): Promise<PhaseFigures> {
  const callsBefore = await countCalls(world.sandbox);
  const jobsBefore = new Map(world.jobsRun);
  const memory = () => process.memoryUsage();
  let peakRss = memory().rss;
  let peakHeap = memory().heapUsed;
  const sample = () => {
    const now = memory();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 100);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  sample();
  return {
    records,
    seconds,
    callsByMethod: difference(await countCalls(world.sandbox), callsBefore),
    peakRssMiB: peakRss / 2 ** 20,
    peakHeapMiB: peakHeap / 2 ** 20,
    jobsByKind: difference(world.jobsRun, jobsBefore),
  };
}

/** "goal ≤ 1.05: met" or "… not met", so the goal is printed next to the figure, honestly. */
export function goalNote(goal: string, met: boolean): string {
  return `goal ${goal}: ${met ? 'met' : 'not met'}`;
}

/** The calls that write to ConnectWise; the GETs of a run (reference data, match index) are per run, not per record. */
export function writesOf(callsByMethod: Map<string, number>): number {
  return sum(callsByMethod) - (callsByMethod.get('GET') ?? 0);
}

export function difference(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  const made = new Map<string, number>();
  for (const [key, total] of after) {
    const delta = total - (before.get(key) ?? 0);
    if (delta > 0) made.set(key, delta);
  }
  return made;
}

export function sum(counts: Map<string, number>): number {
  return [...counts.values()].reduce((total, count) => total + count, 0);
}

export function describeCounts(counts: Map<string, number>): string {
  if (counts.size === 0) return 'none';
  return [...counts].map(([key, count]) => `${count} ${key}`).join(', ');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readConcurrencies(text: string | undefined): number[] {
  if (text === undefined || text === '') return [bestConcurrency];
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 1 || value > 256)) {
    throw new Error(
      `CWSYNC_BENCH_CONCURRENCY must be whole numbers from 1 to 256, separated by commas, got "${text}"`,
    );
  }
  return values;
}

export function readWholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1, got "${text}"`);
  }
  return value;
}
