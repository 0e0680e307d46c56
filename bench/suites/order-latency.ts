// npm run bench -- order-latency: how long an order (and an invoice) of 3 lines takes to reach ConnectWise (issue
// 14, P7: "an order of 3 lines takes ~2 latencies, not 4"), as a user runs cwsync: the sandbox in its own process at
// each of CWSYNC_BENCH_LATENCIES ms (default 0,50), `cwsync serve` (SQLite; on PostgreSQL with TEST_DATABASE_URL:
// `serve --no-sync` and one `cwsync worker`). One account, its contact and 3 products are written through the BSS
// API and linked first; then CWSYNC_BENCH_ORDERS (default 20) orders of 3 lines, one at a time, then as many
// invoices of 3 lines (each billing one of the orders). Each is timed from its PUT through the BSS API to the moment
// the instance's link holds ConnectWise's answers to all 3 line POSTs (the link is saved once the last line's answer
// is in, so the time is at least until the last line is in ConnectWise; read from the database every 5 ms, so the
// look adds no ConnectWise call). Prints p50 and p95 in ms, and how many latencies the path holds in sequence:
// (p50 at 50 ms − p50 at 0 ms) / 50 ms, cwsync's own time (the change feed, the job, the database) taken out. The
// calls are asserted: per order exactly 1 POST sales/orders and 3 POST procurement/products, per invoice 1 POST
// finance/invoices and 3 lines, nothing else but the reads documented as once per run; the lines end in
// ConnectWise, 3 per order and invoice.
import { sql } from 'kysely';
import { createConnectWiseClient, where } from '../../src/connectwise/index.js';
import { readJsonColumn } from '../../src/db/json-column.js';
import { createLogger } from '../../src/logging/logger.js';
import { benchAccount } from '../bench-records.js';
import {
  instanceId,
  prepareCwsync,
  startCwsync,
  type CwsyncSetup,
  type DatabaseKind,
} from '../harness/cwsync-processes.js';
import { sleep } from '../harness/processes.js';
import { sandboxCredentials, startSandboxProcess, type SandboxProcess } from '../harness/sandbox-process.js';
import { databaseKinds, numberList, wholeNumber } from '../harness/settings.js';
import type { BenchResult } from '../types.js';
import { clientId } from './sync-runner.js';

const suite = 'order-latency';
const linesPerRecord = 3;
const accountId = 'OL-1';
const contactId = 'OL-1-C1';
const productIds = ['OL-P1', 'OL-P2', 'OL-P3'];

/** The two kinds of record with lines, their BSS entity and ConnectWise resource. */
const kinds = [
  { entity: 'orders', label: 'order', resource: 'sales/orders', prefix: 'OL-O' },
  { entity: 'invoices', label: 'invoice', resource: 'finance/invoices', prefix: 'OL-I' },
] as const;
type Kind = (typeof kinds)[number];

export async function run(): Promise<BenchResult[]> {
  const latencies = numberList('CWSYNC_BENCH_LATENCIES', [0, 50]);
  const count = wholeNumber('CWSYNC_BENCH_ORDERS', 20);
  if (count < 1) throw new Error('CWSYNC_BENCH_ORDERS must be at least 1');
  const results: BenchResult[] = [];
  for (const database of databaseKinds()) {
    /** p50 in ms by record kind, at 0 ms of latency: cwsync's own time, to take from the others */
    const ownTime = new Map<string, number>();
    for (const latencyMs of latencies) {
      const measured = await measure(database, latencyMs, count);
      for (const kind of kinds) {
        const sorted = [...measured.seconds.get(kind.entity)!].sort((a, b) => a - b);
        const at = (share: number) =>
          sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]! * 1000;
        const calls = [...measured.calls.get(kind.entity)!]
          .map(([endpoint, made]) => `${made} ${endpoint}`)
          .join(', ');
        const label = `${database}, ${latencyMs} ms`;
        const note = `${count} ${kind.label}s of ${linesPerRecord} lines, one at a time, BSS PUT → link holding every line's answer; slowest ${at(1).toFixed(0)} ms; calls: ${calls}`;
        results.push(
          { suite, name: `${kind.label} of 3 lines (${label}): p50`, value: at(0.5), unit: 'ms', note },
          { suite, name: `${kind.label} of 3 lines (${label}): p95`, value: at(0.95), unit: 'ms', note },
        );
        if (latencyMs === 0) ownTime.set(kind.entity, at(0.5));
        const own = ownTime.get(kind.entity);
        if (latencyMs > 0 && own !== undefined) {
          results.push({
            suite,
            name: `${kind.label} of 3 lines (${label}): latencies in sequence (p50)`,
            value: (at(0.5) - own) / latencyMs,
            unit: '× latency',
            note: `(p50 at ${latencyMs} ms − p50 at 0 ms, ${own.toFixed(0)} ms) / ${latencyMs} ms: the ${kind.label} POST, then its ${linesPerRecord} line POSTs at once, is 2; one line after the other would be 4`,
          });
        }
      }
    }
  }
  return results;
}

async function measure(
  database: DatabaseKind,
  latencyMs: number,
  count: number,
): Promise<{ seconds: Map<string, number[]>; calls: Map<string, Map<string, number>> }> {
  const sandbox = await startSandboxProcess();
  let setup: CwsyncSetup | undefined;
  try {
    const serverVariables = await commerceServerVariables(sandbox);
    setup = await prepareCwsync(database, sandbox, { instance: { serverVariables } });
    const cwsync = await startCwsync(setup, { concurrency: 16 });
    try {
      const put = async (entity: string, id: string, body: unknown) => {
        const response = await fetch(`${cwsync.apiUrl}/api/v1/${entity}/${id}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${setup!.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`PUT ${entity}/${id}: ${response.status} ${await response.text()}`);
      };
      // What every order needs in ConnectWise first, at no latency (not measured).
      await sandbox.setLatency(0);
      await put('accounts', accountId, benchAccount(accountId, 1));
      await put('contacts', contactId, {
        firstName: 'Olive',
        lastName: 'Latency',
        account: { id: accountId },
        email: 'olive@latency.example',
      });
      for (const [index, id] of productIds.entries()) {
        await put('products', id, {
          code: `OL-SKU-${index + 1}`,
          name: `Latency product ${index + 1}`,
          description: `Latency product ${index + 1}, per seat and month`,
          price: `${10 + index}.00`,
          cost: `${5 + index}.00`,
        });
      }
      for (const [entity, id] of [
        ['accounts', accountId],
        ['contacts', contactId],
        ...productIds.map((product) => ['products', product]),
      ] as const) {
        await waitForLink(setup, entity, id, false, 60_000);
      }
      await sleep(500); // whatever the account's first push still wakes (its default contact) settles first
      await sandbox.setLatency(latencyMs);

      const seconds = new Map<string, number[]>();
      const calls = new Map<string, Map<string, number>>();
      for (const kind of kinds) {
        const before = await sandbox.calls();
        const taken: number[] = [];
        for (let n = 1; n <= count; n += 1) {
          const id = `${kind.prefix}${String(n).padStart(4, '0')}`;
          const started = performance.now();
          await put(kind.entity, id, recordOf(kind, n));
          await waitForLink(setup, kind.entity, id, true, 30_000);
          taken.push((performance.now() - started) / 1000);
        }
        seconds.set(kind.entity, taken);
        calls.set(kind.entity, await expectCalls(sandbox, before, kind, count));
      }
      await expectLinesInConnectWise(sandbox, count);
      return { seconds, calls };
    } finally {
      await cwsync.stop();
    }
  } finally {
    await setup?.destroy();
    await sandbox.stop();
  }
}

/** Order n (or invoice n, billing order n) of the one account, with 3 lines of the 3 products. */
function recordOf(kind: Kind, n: number): Record<string, unknown> {
  const items = productIds.map((product, index) => ({
    id: `L${index + 1}`,
    product: { id: product },
    quantity: index + 1,
    unitPrice: `${9 + index}.50`,
  }));
  const code = String(n).padStart(4, '0');
  if (kind.entity === 'orders') {
    return {
      code: `OL-SO-${code}`,
      account: { id: accountId },
      contact: { id: contactId },
      orderDate: '2026-03-01',
      currency: { id: 'USD' },
      status: 'confirmed',
      items,
    };
  }
  return {
    number: `OL-INV-${code}`,
    account: { id: accountId },
    order: { id: `OL-O${code}` },
    invoiceDate: '2026-05-01',
    dueDate: '2026-05-31',
    currency: { id: 'USD' },
    items,
  };
}

/**
 * Until the record's link is there — and with `lines`, holds ConnectWise's answers to every line (the lines'
 * snapshot, no longer marked as being written).
 */
async function waitForLink(
  setup: CwsyncSetup,
  entity: string,
  recordId: string,
  lines: boolean,
  limitMs: number,
): Promise<void> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const row = await setup.database.db
      .selectFrom('record_links')
      .select(sql<unknown>`pushed_body`.as('pushed_body'))
      .where('instance_id', '=', instanceId)
      .where('entity', '=', entity)
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    if (row) {
      if (!lines) return;
      const snapshot = (readJsonColumn(row.pushed_body) as { lines?: LinesSnapshot } | null)?.lines;
      if (snapshot && !snapshot.writing && Object.keys(snapshot.byKey).length === linesPerRecord) return;
    }
    if (performance.now() > deadline) {
      throw new Error(
        `${entity} ${recordId} was not linked${lines ? ' with its lines' : ''} in ${limitMs} ms`,
      );
    }
    await sleep(5);
  }
}

interface LinesSnapshot {
  writing?: boolean;
  byKey: Record<string, unknown>;
}

/**
 * The reads docs/sync.md documents as once per run, not per record: the match index of the resource (and of the
 * catalog items), and the order statuses the status pre-synchronization action reads once per 10 minutes. At most
 * twice each (a rebuilt runtime reads them again), however many records.
 */
const onceReads = [
  'GET sales/orders',
  'GET finance/invoices',
  'GET sales/orders/statuses',
  'GET procurement/catalog',
];

/** Per record exactly 1 POST of it and 3 POSTs of its lines; nothing else but the once-per-run reads. */
async function expectCalls(
  sandbox: SandboxProcess,
  before: Map<string, number>,
  kind: Kind,
  count: number,
): Promise<Map<string, number>> {
  const after = await sandbox.calls();
  const made = new Map<string, number>();
  for (const [endpoint, total] of after) {
    const calls = total - (before.get(endpoint) ?? 0);
    if (calls > 0) made.set(endpoint, calls);
  }
  const expected = new Map([
    [`POST ${kind.resource}`, count],
    ['POST procurement/products', count * linesPerRecord],
  ]);
  const describe = (calls: Map<string, number>) =>
    [...calls].map(([endpoint, calls]) => `${calls} ${endpoint}`).join(', ');
  const unexpected = [...made].filter(([endpoint, calls]) =>
    expected.has(endpoint) ? expected.get(endpoint) !== calls : !onceReads.includes(endpoint) || calls > 2,
  );
  const missing = [...expected].filter(([endpoint]) => !made.has(endpoint));
  if (unexpected.length > 0 || missing.length > 0) {
    throw new Error(
      `${count} ${kind.label}s of ${linesPerRecord} lines: expected ${describe(expected)} (and at most 2 of each of ${onceReads.join(', ')}), ConnectWise answered ${describe(made)}`,
    );
  }
  return made;
}

/** The lines in ConnectWise: 3 on each order and 3 on each invoice. */
async function expectLinesInConnectWise(sandbox: SandboxProcess, count: number): Promise<void> {
  const client = createConnectWiseClient({
    siteUrl: sandbox.url,
    ...sandboxCredentials,
    clientId,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    await sandbox.setLatency(0);
    for (const parent of ['salesOrder', 'invoice'] as const) {
      const lines = await client
        .resource('procurement/products')
        .count({ conditions: where(`${parent}/id`, '>', 0) });
      if (lines !== count * linesPerRecord) {
        throw new Error(
          `expected ${count * linesPerRecord} lines on ${parent}s in ConnectWise, found ${lines}`,
        );
      }
    }
  } finally {
    await client.close();
  }
}

/** The order and product server variables the sandbox's demo seed has values for (as commerce-push sets them). */
async function commerceServerVariables(sandbox: SandboxProcess): Promise<Record<string, number | string>> {
  const client = createConnectWiseClient({
    siteUrl: sandbox.url,
    ...sandboxCredentials,
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
    return {
      importAccountStatusId: 1,
      companySiteName: 'Main',
      salesRepresentativeId: await idOf('system/members', 'identifier', 'jsmith'),
      locationId: await idOf('system/locations', 'name', 'Remote'),
      businessUnitId: 7,
      productSubCategoryId: await idOf('procurement/subcategories', 'name', 'Microsoft 365'),
      productTypeId: await idOf('procurement/types', 'name', 'Subscription'),
    };
  } finally {
    await client.close();
  }
}
