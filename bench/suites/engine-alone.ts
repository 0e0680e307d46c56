// npm run bench -- engine-alone: the sync engine's own CPU per record, without ConnectWise or HTTP. `pushRecord` over
// an in-memory gateway (a create answers the body with an id and `_info`, a company being its own bill-to as the
// sandbox makes it; an update merges the changes), with in-memory links, records and lookups, as engine-push does:
// an initial push of N accounts and 3N contacts (CWSYNC_BENCH_ACCOUNTS, default 2 000), then a run with 1 % of them
// changed and one with nothing changed, 8 at a time. The CPU per record is the process's user + system time over
// each phase (`process.cpuUsage()`): what the engine costs where engine-push also counts the sandbox and the client.
import {
  indexReferenceData,
  createConnectWiseActionRegistry,
  loadConnectWiseDefinition,
} from '../../src/connectors/connectwise/index.js';
import {
  type ConnectWiseGateway,
  type ConnectWiseRecord,
  type PushContext,
  type PushOutcome,
  type SyncLink,
  pushRecord,
} from '../../src/engine/index.js';
import { benchRecords, benchStates } from '../bench-records.js';
import { wholeNumber } from '../harness/settings.js';
import type { BenchResult } from '../types.js';
import {
  inMemoryLinks,
  inMemoryLookups,
  inMemoryRecords,
} from '../../test/support/in-memory-engine-ports.js';

const suite = 'engine-alone';

export async function run(): Promise<BenchResult[]> {
  const accounts = wholeNumber('CWSYNC_BENCH_ACCOUNTS', 2_000);
  const connector = await loadConnectWiseDefinition();
  const { records, accountIds, contactIds } = benchRecords(accounts, 3);
  const reference = indexReferenceData({
    countries: [{ id: 1, name: 'United States', countryCode: 'US' }],
    states: benchStates.map((name, index) => ({
      id: 10 + index,
      identifier: `S${index}`,
      name,
      country: { id: 1 },
    })),
    communicationTypes: [
      { id: 1, description: 'Email', emailFlag: true },
      { id: 2, description: 'Direct', phoneFlag: true },
    ],
  });
  const context: PushContext = {
    instanceId: 'bench',
    connector,
    gateway: inMemoryGateway(),
    records: inMemoryRecords(records),
    links: inMemoryLinks(new Map<string, SyncLink>()),
    lookups: inMemoryLookups({ AccountType: { customer: '1' }, Currency: { USD: '7' } }),
    serverVariables: { importAccountStatusId: 1, companySiteName: 'Main' },
    abilities: () => true,
    actions: createConnectWiseActionRegistry({ reference: () => reference }),
  };
  const total = accountIds.length + contactIds.length;
  const phase = async (name: string, expected: Partial<Record<PushOutcome['outcome'], number>>) => {
    const outcomes: Partial<Record<PushOutcome['outcome'], number>> = {};
    const before = process.cpuUsage();
    for (const [module, ids] of [
      ['accounts', accountIds],
      ['contacts', contactIds],
    ] as const) {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < ids.length) {
            const result = await pushRecord(context, module, ids[next++]!);
            outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
          }
        }),
      );
    }
    const cpu = process.cpuUsage(before);
    const sorted = (counts: object) => JSON.stringify(Object.entries(counts).sort());
    if (sorted(outcomes) !== sorted(expected)) {
      throw new Error(`${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(outcomes)}`);
    }
    return {
      suite,
      name: `${name}: engine CPU per record`,
      value: (cpu.user + cpu.system) / 1000 / total,
      unit: 'ms',
      note: `${accounts} accounts + ${contactIds.length} contacts, in-memory gateway, concurrency 8`,
    } satisfies BenchResult;
  };
  const results = [await phase('initial push', { created: total })];
  let changed = 0;
  for (const [index, id] of [...accountIds, ...contactIds].entries()) {
    if (index % 100 !== 0) continue;
    const record = records.get(`${id.includes('-C') ? 'contacts' : 'accounts'}/${id}`)!;
    record.phone = `+1 813 555 9${String(index % 1000).padStart(3, '0')}`;
    changed += 1;
  }
  results.push(await phase('incremental push (1 %)', { unchanged: total - changed, updated: changed }));
  results.push(await phase('unchanged push', { unchanged: total }));
  return results;
}

/** ConnectWise as a map: a create answers the body with an id, an update merges the changes. */
function inMemoryGateway(): ConnectWiseGateway {
  const stored = new Map<number, ConnectWiseRecord>();
  let nextId = 1;
  const info = () => ({ lastUpdated: new Date().toISOString() });
  return {
    async findMatching() {
      return [];
    },
    async create(resource, body) {
      const id = nextId++;
      const record: ConnectWiseRecord = { ...structuredClone(body), id, _info: info() };
      if (resource === 'company/companies') record.billToCompany = { id };
      stored.set(id, record);
      return structuredClone(record);
    },
    async update(_resource, id, changes) {
      const record = stored.get(id)!;
      Object.assign(record, structuredClone(changes.set), { _info: info() });
      for (const field of changes.unset) delete record[field];
      return structuredClone(record);
    },
  };
}
