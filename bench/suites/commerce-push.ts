// Products, orders, invoices, payments and subscriptions pushed by the whole sync runner, as in sync-runner.ts
// (records imported into the store, an instance on an in-process sandbox at API 2025.8 — the version that
// requires the most of these resources —, the embedded queue, the change feed read into jobs, runs drained).
// The initial push goes module by module, in the order an import would bring them (accounts and their contacts,
// products, orders, invoices, payments, subscriptions), each imported then drained on its own, so every module
// has its own records/s and calls per record; then 1 % of the orders change (one line's quantity). At 0 ms and
// (a tenth of the sizes) at 50 ms of sandbox latency; on SQLite, and on PostgreSQL when TEST_DATABASE_URL or
// DATABASE_URL is set. Every phase must end in step (links, lines in ConnectWise, an empty report, no failed
// job) or the suite throws.
import { createConnectWiseClient, where } from '../../src/connectwise/index.js';
import type { EntityName } from '../../src/bss/records/index.js';
import type { ConnectWiseClient } from '../../src/connectwise/index.js';
import { createLogger } from '../../src/logging/logger.js';
import {
  openPostgresTestDatabase,
  openSqliteTestDatabase,
  postgresTestUrl,
  type DatabaseTarget,
} from '../../test/support/database.js';
import { countCallsByEndpoint, setLatency } from '../sandbox-control.js';
import type { BenchResult } from '../types.js';
import {
  bestConcurrency,
  clientId,
  describeCounts,
  difference,
  drain,
  goalNote,
  importWorkload,
  measurePhase,
  startRunnerWorld,
  sum,
  writeInBatches,
  writesOf,
  type PhaseFigures,
  type RunnerWorld,
} from './sync-runner.js';

const suite = 'commerce-push';
const linesPerRecord = 3;
const api = { origin: 'api' as const };

/** How many records of each kind; payments are one per invoice. */
export interface CommerceSizes {
  accounts: number;
  products: number;
  orders: number;
  invoices: number;
  subscriptions: number;
}

export interface CommerceScenario {
  sizes: CommerceSizes;
  latencyMs: number;
  /** why these sizes differ from the full ones, printed with the figures */
  scaledBecause?: string;
}

export interface CommercePushBenchOptions {
  targets: DatabaseTarget[];
  scenarios: CommerceScenario[];
  /** queue concurrency (default sync-runner's best, 16) */
  concurrency?: number;
  /** how long the queue may make no progress before the run is called stuck (default 120 s) */
  stallMs?: number;
}

/** The sizes: 1 000 accounts (one contact each), 5 000 products, 20 000 orders, invoices and payments, 5 000 subscriptions. */
export function commerceSizes(scale: number): CommerceSizes {
  const of = (full: number) => Math.max(1, Math.round(full * scale));
  return {
    accounts: of(1_000),
    products: of(5_000),
    orders: of(20_000),
    invoices: of(20_000),
    subscriptions: of(5_000),
  };
}

/** `npm run bench -- commerce-push`: sizes times CWSYNC_BENCH_COMMERCE_SCALE (default 1), a tenth of that at 50 ms. */
export async function run(): Promise<BenchResult[]> {
  const scale = readScale(process.env.CWSYNC_BENCH_COMMERCE_SCALE);
  const url = postgresTestUrl();
  const targets: DatabaseTarget[] = [{ name: 'sqlite', open: openSqliteTestDatabase }];
  if (url !== undefined) targets.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) });
  return runCommercePushBench({
    targets,
    scenarios: [
      { sizes: commerceSizes(scale), latencyMs: 0 },
      {
        sizes: commerceSizes(scale / 10),
        latencyMs: 50,
        scaledBecause: `scaled down by 10 from scale ${scale}: every call waits 50 ms`,
      },
    ],
  });
}

/** Runs every scenario on every database target, each in a fresh database and sandbox. Exported for the smoke test. */
export async function runCommercePushBench(options: CommercePushBenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const target of options.targets) {
    for (const scenario of options.scenarios) {
      results.push(
        ...(await runScenario(
          target,
          scenario,
          options.concurrency ?? bestConcurrency,
          options.stallMs ?? 120_000,
        )),
      );
    }
  }
  return results;
}

/** One measured push: what was imported, how many records it counts, and the writes it should cost. */
interface Phase {
  name: string;
  /** writes the BSS records (not measured) and answers how many records the phase pushes */
  load(): Promise<number>;
  /** the ConnectWise writes (POST, PATCH, DELETE) the push should make (from `count` up to `upTo`), and how they add up */
  expectedWrites: { count: number; upTo?: number; because: string };
}

async function runScenario(
  target: DatabaseTarget,
  scenario: CommerceScenario,
  concurrency: number,
  stallMs: number,
): Promise<BenchResult[]> {
  const world = await startRunnerWorld(target, { apiVersion: '2025.8' });
  try {
    await prepareCommerceWorld(world);
    await setLatency(world.sandbox, scenario.latencyMs);
    await world.queue.start(world.service.handlers, { concurrency });
    const { sizes } = scenario;
    const workload = new CommerceWorkload(sizes);
    const label = `${target.name}, ${scenario.latencyMs} ms, concurrency ${concurrency}`;
    const about = [
      `${sizes.accounts} accounts, ${sizes.products} products, ${sizes.orders} orders and ${sizes.invoices} invoices of ${linesPerRecord} lines, ${sizes.invoices} payments, ${sizes.subscriptions} subscriptions`,
      scenario.scaledBecause ?? '',
    ]
      .filter(Boolean)
      .join('; ');
    const results: BenchResult[] = [];
    const linked = new Map<string, number>();
    const total = { records: 0, seconds: 0, calls: new Map<string, number>(), peakRssMiB: 0 };

    const measure = async (phase: Phase, initial: boolean) => {
      const records = await phase.load();
      const endpointsBefore = await countCallsByEndpoint(world.sandbox);
      const figures = await measurePhase(world, records, () => drain(world, stallMs));
      const byEndpoint = difference(await countCallsByEndpoint(world.sandbox), endpointsBefore);
      await expectInStep(world, linked, workload, phase.name);
      results.push(...figuresOf(phase, figures, byEndpoint, `${phase.name} (${label})`, about));
      if (initial) {
        total.records += figures.records;
        total.seconds += figures.seconds;
        total.calls = addCounts(total.calls, figures.callsByMethod);
        total.peakRssMiB = Math.max(total.peakRssMiB, figures.peakRssMiB);
      }
    };

    for (const phase of initialPhases(world, workload, linked)) await measure(phase, true);
    const calls = sum(total.calls);
    results.push(
      {
        suite,
        name: `initial push, every module (${label}): records/s`,
        value: total.records / total.seconds,
        unit: 'rec/s',
        note: `${total.records} records in ${total.seconds.toFixed(1)} s, the module phases added up; ${about}`,
      },
      {
        suite,
        name: `initial push, every module (${label}): ConnectWise calls per record`,
        value: calls / total.records,
        unit: 'calls',
        note: `${calls} calls (${describeCounts(total.calls)}) for ${total.records} records; an order or an invoice is one record of 4 calls`,
      },
    );

    const changed = workload.changedOrderIds();
    await measure(
      {
        name: 'incremental push, 1 % of the orders changed',
        load: async () => {
          for (const id of changed)
            await world.store.update('orders', id, workload.changedOrderItems(id), api);
          return changed.length;
        },
        expectedWrites: {
          count: changed.length,
          because: `one PATCH of the changed line per changed order; the order itself and its other lines unchanged cost nothing; records/s counts the changed orders (one line's quantity, through store.update with origin 'api')`,
        },
      },
      false,
    );
    return results;
  } finally {
    await world.stop();
  }
}

/** The initial push, module by module; each phase adds what it links to `linked`. */
function initialPhases(world: RunnerWorld, workload: CommerceWorkload, linked: Map<string, number>): Phase[] {
  const { sizes } = workload;
  const expectLinked = (entity: string, count: number) => linked.set(entity, count);
  /** A phase's load: the module's records imported (the change feed queues them), each to end linked. */
  const importing = (entity: EntityName, rows: () => Row[], count: number) => async () => {
    await importRows(world, entity, rows());
    expectLinked(entity, count);
    return count;
  };
  return [
    {
      name: 'initial push: accounts and their contacts',
      load: async () => {
        await importWorkload(world.store, sizes.accounts, 1);
        expectLinked('accounts', sizes.accounts);
        expectLinked('contacts', sizes.accounts);
        return sizes.accounts * 2;
      },
      expectedWrites: {
        count: sizes.accounts * 3,
        upTo: sizes.accounts * 4,
        because:
          "a POST per account and contact, and a PATCH per account for its bill-to and default contact, or two when the account is pushed again between its create and its contact's (as in sync-runner)",
      },
    },
    {
      name: 'initial push: products',
      load: importing('products', () => workload.products(), sizes.products),
      expectedWrites: { count: sizes.products, because: 'a POST of the catalog item per product' },
    },
    {
      name: 'initial push: orders',
      load: importing('orders', () => workload.orders(), sizes.orders),
      expectedWrites: {
        count: sizes.orders * (1 + linesPerRecord),
        because: `an order costs 4 calls for one record: 1 POST of the sales order + ${linesPerRecord} POSTs of its product lines`,
      },
    },
    {
      name: 'initial push: invoices',
      load: importing('invoices', () => workload.invoices(), sizes.invoices),
      expectedWrites: {
        count: sizes.invoices * (1 + linesPerRecord),
        because: `an invoice costs 4 calls for one record: 1 POST of the invoice + ${linesPerRecord} POSTs of its product lines`,
      },
    },
    {
      name: 'initial push: payments',
      load: importing('payments', () => workload.payments(), sizes.invoices),
      expectedWrites: { count: sizes.invoices, because: 'a POST under its invoice per payment' },
    },
    {
      name: 'initial push: subscriptions',
      load: importing('subscriptions', () => workload.subscriptions(), sizes.subscriptions),
      expectedWrites: {
        count: sizes.subscriptions + workload.agreementCount(),
        because: `a POST of the agreement addition per subscription, and a POST of an agreement per account and billing cycle (${workload.agreementCount()} agreements)`,
      },
    },
  ];
}

function figuresOf(
  phase: Phase,
  figures: PhaseFigures,
  byEndpoint: Map<string, number>,
  name: string,
  about: string,
): BenchResult[] {
  const calls = sum(figures.callsByMethod);
  const writes = writesOf(figures.callsByMethod);
  const { count, upTo = count, because } = phase.expectedWrites;
  const goal = upTo === count ? `${count} writes` : `${count}–${upTo} writes`;
  return [
    {
      suite,
      name: `${name}: records/s`,
      value: figures.records / figures.seconds,
      unit: 'rec/s',
      note: `${figures.records} records in ${figures.seconds.toFixed(1)} s; ${about}`,
    },
    {
      suite,
      name: `${name}: ConnectWise calls per record`,
      value: calls / figures.records,
      unit: 'calls',
      note: [
        `${goalNote(goal, writes >= count && writes <= upTo)}, ${because}`,
        `${calls} calls (${describeCounts(figures.callsByMethod)}) for ${figures.records} records`,
        `by resource: ${describeCounts(new Map([...byEndpoint].sort(([, a], [, b]) => b - a)))}`,
      ].join('; '),
    },
    {
      suite,
      name: `${name}: peak RSS`,
      value: figures.peakRssMiB,
      unit: 'MiB',
      note: `peak heap used ${figures.peakHeapMiB.toFixed(0)} MiB; the whole process, the in-process sandbox included`,
    },
  ];
}

/**
 * What the modules need besides accounts: the server variables of the order world in the tests (sales rep
 * jsmith, location Remote, business unit 7, subcategory Microsoft 365, product type Subscription, the
 * credit-card payment method `card`), the billing cycles mapped to the demo seed's subscription agreement
 * types (Subscription Units lookup), and the payment methods.
 */
async function prepareCommerceWorld(world: RunnerWorld): Promise<void> {
  const client = createConnectWiseClient({
    siteUrl: world.sandbox.url,
    ...world.sandbox.credentials,
    clientId,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const idOf = async (resource: string, field: string, value: string) => {
      const found = (
        await client.resource<{ id: number }>(resource).page({ conditions: where(field, '=', value) })
      ).items[0];
      if (!found) throw new Error(`the demo sandbox has no ${resource} with ${field} "${value}"`);
      return found.id;
    };
    await world.instances.update(world.instanceId, {
      serverVariables: {
        salesRepresentativeId: await idOf('system/members', 'identifier', 'jsmith'),
        locationId: await idOf('system/locations', 'name', 'Remote'),
        businessUnitId: 7,
        productSubCategoryId: await idOf('procurement/subcategories', 'name', 'Microsoft 365'),
        productTypeId: await idOf('procurement/types', 'name', 'Subscription'),
        creditCardMethodId: 'card',
      },
    });
    const cycles = [
      { id: 'monthly', name: 'Monthly', months: 1, agreementType: 'Subscriptions Monthly' },
      { id: 'annual', name: 'Annual', months: 12, agreementType: 'Subscriptions Annual' },
    ];
    for (const cycle of cycles) {
      await world.store.upsert(
        'billing-cycles',
        cycle.id,
        { name: cycle.name, code: cycle.id, months: cycle.months },
        api,
      );
      await world.lookups.set(world.instanceId, {
        lookup: 'SubscriptionUnits',
        internalId: cycle.id,
        integrationId: String(await idOf('finance/agreements/types', 'name', cycle.agreementType)),
      });
    }
    await world.store.upsert('payment-methods', 'card', { name: 'Credit card', isCreditCard: true }, api);
    await world.store.upsert('payment-methods', 'wire', { name: 'Bank transfer' }, api);
  } finally {
    await client.close();
  }
}

type Row = { id: string; input: Record<string, unknown> };

/**
 * The BSS records, made the same every time: order n belongs to account n mod N and has 3 lines of
 * consecutive products; invoice n bills order n; payment n pays invoice n (by card when n is odd);
 * subscription n is account n mod N's, monthly in odd rounds over the accounts, annual in even ones.
 */
class CommerceWorkload {
  constructor(readonly sizes: CommerceSizes) {}

  products(): Row[] {
    return range(this.sizes.products).map((n) => ({
      id: productId(n),
      input: {
        code: `SKU-${pad(n)}`,
        name: `Bench product ${n}`,
        description: `Bench product ${n}, per seat and month`,
        price: `${10 + (n % 90)}.00`,
        cost: `${5 + (n % 40)}.00`,
      },
    }));
  }

  orders(): Row[] {
    return range(this.sizes.orders).map((n) => ({
      id: orderId(n),
      input: {
        code: `SO-${pad(n)}`,
        account: { id: this.accountOf(n) },
        contact: { id: `${this.accountOf(n)}-C1` },
        orderDate: '2026-03-01',
        currency: { id: 'USD' },
        status: 'confirmed',
        items: this.items(n, 'L'),
      },
    }));
  }

  invoices(): Row[] {
    return range(this.sizes.invoices).map((n) => ({
      id: invoiceId(n),
      input: {
        number: `INV-${pad(n)}`,
        account: { id: this.accountOf(n) },
        ...(n <= this.sizes.orders ? { order: { id: orderId(n) } } : {}),
        invoiceDate: '2026-05-01',
        dueDate: '2026-05-31',
        currency: { id: 'USD' },
        items: this.items(n, 'V'),
      },
    }));
  }

  payments(): Row[] {
    return range(this.sizes.invoices).map((n) => ({
      id: `Y-${pad(n)}`,
      input: {
        invoice: { id: invoiceId(n) },
        amount: this.items(n, 'V')
          .reduce((total, item) => total + item.quantity * Number(item.unitPrice), 0)
          .toFixed(2),
        date: '2026-06-01',
        paymentMethod: { id: n % 2 === 1 ? 'card' : 'wire' },
      },
    }));
  }

  subscriptions(): Row[] {
    return range(this.sizes.subscriptions).map((n) => ({
      id: `S-${pad(n)}`,
      input: {
        name: `Bench subscription ${n}`,
        account: { id: this.accountOf(n) },
        product: { id: productId(((n - 1) % this.sizes.products) + 1) },
        quantity: (n % 10) + 1,
        billingCycle: { id: this.cycleOf(n) },
        price: '12.00',
        startDate: '2026-02-01',
      },
    }));
  }

  /** The agreements the subscriptions need: one per account and billing cycle. */
  agreementCount(): number {
    const pairs = new Set(
      range(this.sizes.subscriptions).map((n) => `${this.accountOf(n)}/${this.cycleOf(n)}`),
    );
    return pairs.size;
  }

  /** Every hundredth order (at least one). */
  changedOrderIds(): string[] {
    return range(Math.max(1, Math.floor(this.sizes.orders / 100))).map((k) => orderId((k - 1) * 100 + 1));
  }

  /** The order's items with the first line's quantity raised by one. */
  changedOrderItems(id: string): { items: Item[] } {
    const items = this.items(Number(id.slice(2)), 'L');
    items[0] = { ...items[0]!, quantity: items[0]!.quantity + 1 };
    return { items };
  }

  private items(n: number, prefix: string): Item[] {
    return range(linesPerRecord).map((k) => ({
      id: `${prefix}${k}`,
      product: { id: productId((((n - 1) * linesPerRecord + k - 1) % this.sizes.products) + 1) },
      quantity: k,
      unitPrice: `${9 + k}.50`,
    }));
  }

  private accountOf(n: number): string {
    return `BA-${String(((n - 1) % this.sizes.accounts) + 1).padStart(6, '0')}`;
  }

  /** Monthly in the first round over the accounts, annual in the second, and so on: each account has both. */
  private cycleOf(n: number): string {
    return Math.floor((n - 1) / this.sizes.accounts) % 2 === 0 ? 'monthly' : 'annual';
  }
}

interface Item {
  id: string;
  product: { id: string };
  quantity: number;
  unitPrice: string;
}

const pad = (n: number) => String(n).padStart(6, '0');
const productId = (n: number) => `P-${pad(n)}`;
const orderId = (n: number) => `O-${pad(n)}`;
const invoiceId = (n: number) => `I-${pad(n)}`;
const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

async function importRows(world: RunnerWorld, entity: EntityName, rows: Row[]): Promise<void> {
  await writeInBatches(world.store, entity, rows);
}

/**
 * In step: as many links per module as records pushed so far, the order and invoice lines in ConnectWise (3
 * each), nothing in the connector report, no failed job; throws otherwise, so the figures are of a run that
 * worked.
 */
async function expectInStep(
  world: RunnerWorld,
  linked: Map<string, number>,
  workload: CommerceWorkload,
  phase: string,
): Promise<void> {
  const rows = await world.database.db
    .selectFrom('record_links')
    .select(['entity', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('instance_id', '=', world.instanceId)
    .groupBy('entity')
    .execute();
  const found = new Map(rows.map((row) => [row.entity, Number(row.count)]));
  const problems: string[] = [];
  for (const [entity, count] of linked) {
    if (found.get(entity) !== count) problems.push(`${found.get(entity) ?? 0} of ${count} ${entity} linked`);
  }
  const client = createConnectWiseClient({
    siteUrl: world.sandbox.url,
    ...world.sandbox.credentials,
    clientId,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    for (const [entity, parentField, count] of [
      ['orders', 'salesOrder', workload.sizes.orders],
      ['invoices', 'invoice', workload.sizes.invoices],
    ] as const) {
      if (!linked.has(entity)) continue;
      const lines = await countLines(client, parentField);
      if (lines !== count * linesPerRecord) {
        problems.push(`${lines} ${entity} lines in ConnectWise, ${count * linesPerRecord} expected`);
      }
    }
  } finally {
    await client.close();
  }
  const report = await world.service.reports.list({ instanceId: world.instanceId, limit: 5 });
  const failed = await world.queue.failed();
  if (problems.length > 0 || report.entries.length > 0 || failed.length > 0) {
    throw new Error(
      `${phase}: ${problems.join(', ') || 'every record linked'}; report ${JSON.stringify(report.entries)}; failed jobs ${JSON.stringify(failed.slice(0, 3))}`,
    );
  }
}

/** The product lines on sales orders (`salesOrder`) or on invoices (`invoice`) the sandbox holds. */
function countLines(client: ConnectWiseClient, parentField: 'salesOrder' | 'invoice'): Promise<number> {
  return client.resource('procurement/products').count({ conditions: where(`${parentField}/id`, '>', 0) });
}

function addCounts(into: Map<string, number>, more: Map<string, number>): Map<string, number> {
  const added = new Map(into);
  for (const [key, count] of more) added.set(key, (added.get(key) ?? 0) + count);
  return added;
}

function readScale(text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 10) {
    throw new Error(`CWSYNC_BENCH_COMMERCE_SCALE must be a number above 0 and at most 10, got "${text}"`);
  }
  return value;
}
