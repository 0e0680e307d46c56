// The sync engine's push against an in-process sandbox (seed 'demo'), with the real client, gateway and
// run-level match index, and in-memory links, records and lookups (as the engine tests do): an initial
// push of N accounts and 3N contacts, an incremental run with 1 % of them changed and a run with nothing
// changed, at 0 ms and 50 ms of sandbox latency; and the same initial push done "the documented way" (no
// match index; the state and country looked up per record, as the interworks pre-synchronization
// actions describe) side by side. Calls are counted by the sandbox (GET /__sandbox/calls).
import v8 from 'node:v8';
import vm from 'node:vm';
import { createConnectWiseClient, where, type ConnectWiseClient } from '../../src/connectwise/index.js';
import {
  indexReferenceData,
  createConnectWiseActionRegistry,
  createConnectWiseGateway,
  createMatchIndex,
  type MatchIndex,
  listMatchResources,
  loadReferenceData,
  loadConnectWiseDefinition,
} from '../../src/connectors/connectwise/index.js';
import {
  type CompiledConnector,
  type ConnectWiseGateway,
  type SyncLink,
  pushRecord,
  type PushContext,
  type PushOutcome,
} from '../../src/engine/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { benchRecords } from '../bench-records.js';
import { countCalls, setLatency } from '../sandbox-control.js';
import type { BenchResult } from '../types.js';
import {
  inMemoryLinks,
  inMemoryLookups,
  inMemoryRecords,
} from '../../test/support/in-memory-engine-ports.js';

const suite = 'engine-push';
const clientId = '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b';
const accounts = readAccountCount(process.env.CWSYNC_BENCH_ACCOUNTS, 10_000);
// Smaller workloads where every call waits 50 ms, or where each record costs several lookups, so the whole
// suite stays within a few minutes on a 2-core machine.
const slowAccounts = Math.min(accounts, 1_000);
const documentedAccounts = Math.min(accounts, 2_000);
const documentedSlowAccounts = Math.min(accounts, 500);
const contactsPerAccount = 3;

type Way = 'match index' | 'documented way';
interface Scenario {
  way: Way;
  accounts: number;
  latencyMs: number;
  concurrency: number;
  /** the incremental and unchanged runs after the initial push */
  followUps: boolean;
  note?: string;
}

interface PhaseFigures {
  records: number;
  seconds: number;
  calls: number;
  callsByMethod: Map<string, number>;
  peakRssMiB: number;
  /** the process's CPU time (user + system) per record, the in-process sandbox's included */
  cpuMsPerRecord: number;
}

export async function run(): Promise<BenchResult[]> {
  const connector = await loadConnectWiseDefinition();
  const scenarios: Scenario[] = [
    { way: 'match index', accounts, latencyMs: 0, concurrency: 8, followUps: true },
    { way: 'documented way', accounts: documentedAccounts, latencyMs: 0, concurrency: 8, followUps: false },
    { way: 'match index', accounts: slowAccounts, latencyMs: 50, concurrency: 16, followUps: true },
    {
      way: 'documented way',
      accounts: documentedSlowAccounts,
      latencyMs: 50,
      concurrency: 16,
      followUps: false,
    },
  ];
  const results: BenchResult[] = [];
  for (const scenario of scenarios) results.push(...(await runScenario(connector, scenario)));
  return results;
}

async function runScenario(connector: CompiledConnector, scenario: Scenario): Promise<BenchResult[]> {
  const sandbox = await startSandbox({ port: 0, seed: 'demo' });
  const client = createConnectWiseClient({
    siteUrl: sandbox.url,
    ...sandbox.credentials,
    clientId,
    maxConcurrency: scenario.concurrency,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const workload = await createWorkload(client, scenario.accounts);
    await setLatency(sandbox, scenario.latencyMs);
    const label = `${scenario.way}, ${scenario.latencyMs} ms`;
    const about = [
      `${scenario.accounts} accounts + ${scenario.accounts * contactsPerAccount} contacts`,
      `concurrency ${scenario.concurrency}`,
      scenario.accounts < accounts ? `smaller N than the ${accounts} of the 0 ms match-index run` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const results: BenchResult[] = [];
    const report = (phase: string, figures: PhaseFigures, expected: string) => {
      const note = `${about}; ${expected}`;
      results.push(
        {
          suite,
          name: `${phase} (${label}): records/s`,
          value: figures.records / figures.seconds,
          unit: 'rec/s',
          note,
        },
        {
          suite,
          name: `${phase} (${label}): ConnectWise calls per record`,
          value: figures.calls / figures.records,
          unit: 'calls',
          note: `${figures.calls} calls (${describeCalls(figures.callsByMethod)}) for ${figures.records} records`,
        },
        {
          suite,
          name: `${phase} (${label}): CPU per record`,
          value: figures.cpuMsPerRecord,
          unit: 'ms',
          note: 'user + system CPU of the whole process, the in-process sandbox included; steadier than records/s on a busy machine',
        },
        {
          suite,
          name: `${phase} (${label}): peak RSS`,
          value: figures.peakRssMiB,
          unit: 'MiB',
          note: 'the whole process: the in-process sandbox and what earlier scenarios left included',
        },
      );
    };

    const initial = await measurePhase(sandbox, workload.records.size, async () => {
      const pushOne = await preparePush(connector, client, workload, scenario.way);
      const outcomes = await pushAll(pushOne, workload, scenario);
      expectOutcomes('initial push', outcomes, { created: workload.records.size });
    });
    report('initial push', initial, 'every record created');
    if (!scenario.followUps) return results;

    const changed = changeOnePercent(workload);
    const incremental = await measurePhase(sandbox, workload.records.size, async () => {
      const pushOne = await preparePush(connector, client, workload, scenario.way);
      const outcomes = await pushAll(pushOne, workload, scenario);
      expectOutcomes('incremental push', outcomes, {
        updated: changed,
        unchanged: workload.records.size - changed,
      });
    });
    report('incremental push', incremental, `${changed} records (1 %) changed`);

    const unchanged = await measurePhase(sandbox, workload.records.size, async () => {
      const pushOne = await preparePush(connector, client, workload, scenario.way);
      const outcomes = await pushAll(pushOne, workload, scenario);
      expectOutcomes('unchanged push', outcomes, { unchanged: workload.records.size });
    });
    report('unchanged push', unchanged, 'nothing changed');
    if (scenario.way === 'match index') results.push(...(await measurePreload(connector, client, label)));
    return results;
  } finally {
    await client.close();
    await sandbox.stop();
  }
}

interface Workload {
  records: Map<string, Record<string, unknown>>;
  accountIds: string[];
  contactIds: string[];
  links: Map<string, SyncLink>;
  /** instance configuration: the AccountType and Currency synchronization lookups */
  lookupRows: Record<string, Record<string, string>>;
}

async function createWorkload(client: ConnectWiseClient, accountCount: number): Promise<Workload> {
  const types = (await client.company.companyTypes.page()).items;
  const currencies = (await client.finance.currencies.page({ pageSize: 100 })).items;
  const customerType = types.find((type) => type.name === 'Customer');
  const usd = currencies.find((currency) => currency.currencyIdentifier === 'USD');
  if (!customerType || !usd) throw new Error('the demo sandbox has no Customer company type or USD currency');
  const { records, accountIds, contactIds } = benchRecords(accountCount, contactsPerAccount);
  return {
    records,
    accountIds,
    contactIds,
    links: new Map(),
    lookupRows: { AccountType: { customer: String(customerType.id) }, Currency: { USD: String(usd.id) } },
  };
}

type PushOne = (module: string, recordId: string) => Promise<PushOutcome>;

/** One run's push: reference data read once, and the gateway (and lookups) of the way measured. */
async function preparePush(
  connector: CompiledConnector,
  client: ConnectWiseClient,
  workload: Workload,
  way: Way,
): Promise<PushOne> {
  const reference = indexReferenceData(await loadReferenceData(client));
  const gateway: ConnectWiseGateway =
    way === 'match index'
      ? createMatchIndex(client, listMatchResources(connector, ['accounts', 'contacts']))
      : createConnectWiseGateway(client);
  const { records, links, lookupRows } = workload;
  const context: PushContext = {
    instanceId: 'bench',
    connector,
    gateway,
    records: inMemoryRecords(records),
    links: inMemoryLinks(links),
    lookups: inMemoryLookups(lookupRows),
    serverVariables: { importAccountStatusId: 1, companySiteName: 'Main' },
    abilities: () => true,
    actions: createConnectWiseActionRegistry({ reference: () => reference }),
  };
  if (way === 'match index') return (module, recordId) => pushRecord(context, module, recordId);
  return async (module, recordId) => {
    if (module === 'accounts') await lookUpAsDocumented(client, records.get(`accounts/${recordId}`));
    return pushRecord(context, module, recordId);
  };
}

/**
 * The interworks pre-synchronization actions as documented: "State Code taken from API according to state
 * name" and "Country ID taken from API according to country name", one GET each for every account pushed.
 * (The engine itself takes both from the reference data it reads once per run.)
 */
async function lookUpAsDocumented(
  client: ConnectWiseClient,
  account: Record<string, unknown> | undefined,
): Promise<void> {
  const addresses = (account?.addresses as Array<Record<string, unknown>> | undefined) ?? [];
  const billing = addresses.find((address) => address.isBilling === true);
  if (typeof billing?.stateName === 'string') {
    await client.company.states.page({ conditions: where('name', '=', billing.stateName), pageSize: 1 });
  }
  if (typeof billing?.countryName === 'string') {
    await client.company.countries.page({ conditions: where('name', '=', billing.countryName), pageSize: 1 });
  }
}

/** What one run's index costs once ConnectWise holds the whole workload (a re-run whose links were lost). */
async function measurePreload(
  connector: CompiledConnector,
  client: ConnectWiseClient,
  label: string,
): Promise<BenchResult[]> {
  let index: MatchIndex | undefined = createMatchIndex(
    client,
    listMatchResources(connector, ['accounts', 'contacts']),
  );
  const heapBefore = settledHeapUsed();
  const requestsBefore = client.stats().counters.requests;
  const started = performance.now();
  await index.preload();
  const seconds = (performance.now() - started) / 1000;
  const requests = client.stats().counters.requests - requestsBefore;
  const indexed = Object.values(index.stats().indexed).reduce((sum, count) => sum + count, 0);
  // what the index holds: the heap with it minus the heap before it was read and after it is dropped,
  // whichever is less (memory the rest of the process frees meanwhile would otherwise be counted)
  const heapWithIndex = settledHeapUsed();
  index = undefined;
  const heapAfter = settledHeapUsed();
  const heldMiB = Math.max(0, Math.min(heapWithIndex - heapBefore, heapWithIndex - heapAfter)) / 2 ** 20;
  const note = `${indexed} companies and contacts, 1000 per page, match fields only`;
  return [
    { suite, name: `match index preload (${label}): time`, value: seconds, unit: 's', note },
    { suite, name: `match index preload (${label}): GET calls`, value: requests, unit: 'calls', note },
    {
      suite,
      name: `match index preload (${label}): heap held by the index`,
      value: heldMiB,
      unit: 'MiB',
      note: `${indexed} records; heap used with the index minus without it (before and after), after full GCs`,
    },
  ];
}

/** heapUsed after full garbage collections (the collector is exposed at run time: no node flag needed). */
function settledHeapUsed(): number {
  v8.setFlagsFromString('--expose-gc');
  const collectGarbage = vm.runInNewContext('gc') as () => void;
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

async function pushAll(
  pushOne: PushOne,
  workload: Workload,
  scenario: Scenario,
): Promise<Map<PushOutcome['outcome'], number>> {
  const outcomes = new Map<PushOutcome['outcome'], number>();
  let firstFailure: PushOutcome | undefined;
  const push = async (module: string, id: string) => {
    const result = await pushOne(module, id);
    outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
    if (result.outcome === 'failed' || result.outcome === 'waiting' || result.outcome === 'ambiguous')
      firstFailure ??= result;
  };
  // accounts first: a contact waits for its account
  await forEachConcurrently(workload.accountIds, scenario.concurrency, (id) => push('accounts', id));
  await forEachConcurrently(workload.contactIds, scenario.concurrency, (id) => push('contacts', id));
  if (firstFailure) throw new Error(`a push did not succeed: ${JSON.stringify(firstFailure)}`);
  return outcomes;
}

async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function expectOutcomes(
  phase: string,
  outcomes: Map<PushOutcome['outcome'], number>,
  expected: Partial<Record<PushOutcome['outcome'], number>>,
): void {
  const actual = Object.fromEntries(outcomes);
  for (const [outcome, count] of Object.entries({ ...actual, ...expected })) {
    if ((actual[outcome] ?? 0) !== (expected[outcome as PushOutcome['outcome']] ?? 0)) {
      throw new Error(
        `${phase}: expected outcomes ${JSON.stringify(expected)}, got ${JSON.stringify(actual)} (${outcome}: ${count})`,
      );
    }
  }
}

/** Changes the phone of every hundredth account and contact; returns how many records changed. */
function changeOnePercent(workload: Workload): number {
  let changed = 0;
  for (const [index, id] of workload.accountIds.entries()) {
    if (index % 100 !== 0) continue;
    workload.records.get(`accounts/${id}`)!.phone = `+1 813 555 9${String(index % 1000).padStart(3, '0')}`;
    changed += 1;
  }
  for (const [index, id] of workload.contactIds.entries()) {
    if (index % 100 !== 0) continue;
    workload.records.get(`contacts/${id}`)!.phone = `+1 727 555 9${String(index % 1000).padStart(3, '0')}`;
    changed += 1;
  }
  return changed;
}

async function measurePhase(
  sandbox: RunningSandbox,
  records: number,
  work: () => Promise<void>,
): Promise<PhaseFigures> {
  const callsBefore = await countCalls(sandbox);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const callsAfter = await countCalls(sandbox);
  const callsByMethod = new Map<string, number>();
  for (const [method, total] of callsAfter) {
    const made = total - (callsBefore.get(method) ?? 0);
    if (made > 0) callsByMethod.set(method, made);
  }
  return {
    records,
    seconds,
    calls: [...callsByMethod.values()].reduce((sum, made) => sum + made, 0),
    callsByMethod,
    peakRssMiB: peakRss / 2 ** 20,
    cpuMsPerRecord: (cpu.user + cpu.system) / 1000 / records,
  };
}

function describeCalls(byMethod: Map<string, number>): string {
  if (byMethod.size === 0) return 'none';
  return [...byMethod].map(([method, made]) => `${made} ${method}`).join(', ');
}

function readAccountCount(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`CWSYNC_BENCH_ACCOUNTS must be a whole number of accounts of at least 1, got "${text}"`);
  }
  return count;
}
