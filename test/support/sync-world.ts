import { randomBytes } from 'node:crypto';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { type CompiledConnector } from '../../src/engine/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  createInstanceRepository,
  createLookupRepository,
  SecretBox,
  type InstanceRepository,
  type LookupRepository,
} from '../../src/instances/index.js';
import { createEmbeddedQueue, scheduleKind, type JobQueue } from '../../src/jobs/index.js';
import type { ConnectWiseConfigInput } from '../../src/connectwise/index.js';
import type { ApiVersion } from '../../src/sandbox/context.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { createSyncService, type SyncService, type SyncServiceOptions } from '../../src/sync/index.js';
import { startSandboxWithClient, type SandboxWithClient } from '../connectwise/support/sandbox.js';
import { testKeys } from '../connectwise/support/test-client.js';
import type { DatabaseTarget } from './database.js';

/** A BSS database, a ConnectWise sandbox, one instance between them with its lookups, and the sync service. */
export interface SyncWorld {
  database: DatabaseHandle;
  store: RecordStore;
  cw: SandboxWithClient;
  instances: InstanceRepository;
  lookups: LookupRepository;
  connector: CompiledConnector;
  queue: JobQueue;
  sync: SyncService;
  instanceId: string;
  /** the ConnectWise ids of the demo seed's Customer type and USD currency */
  ids: { customerType: number; usd: number };
  /** reads the change feed into jobs and runs the queue until no sync job is left */
  drain(options?: { timeoutMs?: number; feed?: boolean }): Promise<void>;
  /** the sandbox's call counters */
  calls(): Promise<{ total: number; endpoints: Array<{ method: string; route: string; total: number }> }>;
  stop(): Promise<void>;
}

export interface SyncWorldOptions {
  sandbox?: SandboxOptions;
  service?: Partial<SyncServiceOptions>;
  /** BSS lookup records (account type `customer`, currency `USD`) and the instance's lookup rows (default true) */
  withLookups?: boolean;
  /** the API version of both the sandbox and the instance (default each one's own default, 2022.1) */
  apiVersion?: ApiVersion;
  /** the key sealing the instance's ConnectWise keys (default a random one); give it to worker processes */
  secretKey?: Buffer;
  /** ConnectWise client settings merged over the world's fast retries (a dispatcher that records requests) */
  clientOptions?: Partial<ConnectWiseConfigInput>;
}

export async function startSyncWorld(
  target: DatabaseTarget,
  options: SyncWorldOptions = {},
): Promise<SyncWorld> {
  const database = await target.open();
  const store = createRecordStore(database.db);
  const cw = await startSandboxWithClient({
    seed: 'demo',
    ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
    ...options.sandbox,
  });
  const connector = await loadConnectWiseDefinition();
  const instances = createInstanceRepository(
    database.db,
    SecretBox.fromKey(options.secretKey ?? randomBytes(32)),
    connector.definition,
  );
  const lookups = createLookupRepository(database.db, connector.definition);
  const instance = await instances.create({
    id: 'sandbox',
    name: 'Sandbox',
    siteUrl: cw.sandbox.url,
    ...testKeys,
    ...cw.sandbox.credentials,
    ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
  });
  const types = (await cw.client.company.companyTypes.page()).items;
  const currencies = (await cw.client.finance.currencies.page({ pageSize: 100 })).items;
  const ids = {
    customerType: types.find((type) => type.name === 'Customer')!.id,
    usd: currencies.find((currency) => currency.currencyIdentifier === 'USD')!.id,
  };
  if (options.withLookups ?? true) {
    await store.upsert('account-types', 'customer', { name: 'Customer' }, { origin: 'api' });
    await store.upsert(
      'currencies',
      'USD',
      { name: 'US Dollar', code: 'USD', symbol: '$' },
      { origin: 'api' },
    );
    await lookups.set(instance.id, {
      lookup: 'AccountType',
      internalId: 'customer',
      integrationId: String(ids.customerType),
    });
    await lookups.set(instance.id, { lookup: 'Currency', internalId: 'USD', integrationId: String(ids.usd) });
  }
  const queue = createEmbeddedQueue(database.db, {
    pollIntervalMs: 10,
    baseBackoffMs: 20,
    maxBackoffMs: 200,
  });
  const sync = createSyncService({
    db: database.db,
    store,
    instances,
    connector,
    queue,
    clientOptions: {
      retry: {
        maxAttempts: 3,
        baseDelayMs: 5,
        maxDelayMs: 50,
        maxRateLimitRetries: 5,
        maxRetryAfterMs: 2_000,
      },
      ...options.clientOptions,
    },
    ...options.service,
  });
  let started = false;

  const syncJobsLeft = async () => {
    const stats = await queue.stats();
    return Object.entries(stats.byKind)
      .filter(([kind]) => kind !== scheduleKind)
      .reduce((sum, [, kind]) => sum + kind.waiting + kind.running, 0);
  };

  return {
    database,
    store,
    cw,
    instances,
    lookups,
    connector,
    queue,
    sync,
    instanceId: instance.id,
    ids,
    async drain({ timeoutMs = 30_000, feed = true } = {}) {
      if (!started) {
        // as `serve` runs it: half as many jobs again started ahead of the concurrency (claimAhead)
        await queue.start(sync.handlers, { concurrency: 4, claimAhead: 2 });
        started = true;
      }
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (feed) await sync.feedChanges();
        if ((await syncJobsLeft()) === 0) {
          // one more look: a job that just finished may have queued another
          await new Promise((resolve) => setTimeout(resolve, 30));
          if ((await syncJobsLeft()) === 0 && (!feed || (await sync.feedChanges()) === 0)) return;
        }
        if (Date.now() > deadline)
          throw new Error(
            `sync jobs still waiting after ${timeoutMs} ms: ${JSON.stringify(await queue.stats())}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async calls() {
      const response = await fetch(`${cw.sandbox.url}/__sandbox/calls`);
      return (await response.json()) as Awaited<ReturnType<SyncWorld['calls']>>;
    },
    async stop() {
      await queue.stop();
      await sync.close();
      await queue.close();
      await cw.stop();
      await database.destroy();
    },
  };
}
