import { ConflictError } from '../errors/index.js';
import type { RecordStore } from '../bss/store/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  ConnectWiseCounters,
  openConnectWiseConnection,
  type ConnectWiseConnection,
  type ConnectWiseCounterSnapshot,
} from '../connectors/connectwise/index.js';
import {
  type CompiledConnector,
  connectorWithOverrides,
  type ConnectWiseGateway,
  type LinkRepository,
  type PullContext,
  type PushContext,
} from '../engine/index.js';
import {
  createAttemptLog,
  createLinkRepository,
  createLookupRepository,
  effectiveServerVariables,
  effectiveSyncOptions,
  InstanceNotFoundError,
  type InstanceClientSettings,
  type InstanceRepository,
  type InstanceSummary,
} from '../instances/index.js';
import type { Logger } from '../logging/logger.js';
import { createStoreRecordReader, createStoreRecordWriter } from './store-record-ports.js';

/** Everything the engine needs to sync one instance, built once and kept while the instance's settings hold. */
export interface InstanceRuntime {
  instance: InstanceSummary;
  connector: CompiledConnector;
  /** the instance's ConnectWise client and what it keeps (closed when the runtime is replaced) */
  connection: ConnectWiseConnection;
  /**
   * ConnectWise as the sync sees it: writes and lookups (answered from the match index while it is fresh), the
   * reads of a pull and the listings of a poll
   */
  gateway: Required<ConnectWiseGateway>;
  links: LinkRepository;
  push: PushContext;
  pull: PullContext;
}

export interface RuntimeCacheOptions {
  db: Kysely<Database>;
  store: RecordStore;
  instances: InstanceRepository;
  connector: CompiledConnector;
  /** ConnectWise client settings besides the instance's own (timeouts, concurrency, a test dispatcher) */
  clientOptions?: InstanceClientSettings;
  logger?: Logger;
  /** how long ConnectWise's countries, states and communication types are trusted (default 1 hour) */
  referenceTtlMs?: number;
  /**
   * how long the in-memory index of the match fields answers "is this record already in ConnectWise"
   * before it is read again (default 5 minutes); 0 looks every record up in ConnectWise instead
   */
  matchIndexTtlMs?: number;
  /** how often a cached runtime checks that the instance's settings and lookups have not changed (default 2 s) */
  settingsCheckMs?: number;
  /** build runtimes of switched-off instances too (a canary push before the instance is switched on) */
  includeDisabled?: boolean;
  /** how long a replaced runtime's client stays open for the jobs still using it (default 5 minutes) */
  retiredClientGraceMs?: number;
  now?: () => number;
}

export interface RuntimeCache {
  /** the instance's runtime; throws when the instance does not exist or is switched off */
  get(instanceId: string): Promise<InstanceRuntime>;
  /** forgets an instance's runtime (its settings changed), or every runtime */
  invalidate(instanceId?: string): Promise<void>;
  /** the ConnectWise calls each instance made from this process, by instance id (for /metrics) */
  connectwiseCounters(): Map<string, ConnectWiseCounterSnapshot>;
  close(): Promise<void>;
}

interface CachedRuntime {
  runtime: Promise<InstanceRuntime>;
  updatedAt: string;
  checkedAt: number;
  connection?: ConnectWiseConnection;
}

export class InstanceDisabledError extends ConflictError {
  override readonly code = 'instance_disabled';

  constructor(readonly instanceId: string) {
    super(`instance "${instanceId}" is switched off; switch it on to sync it`);
  }
}

/**
 * Builds and caches each instance's runtime: its ConnectWise client (one keep-alive pool and one rate limiter
 * per tenant, shared by every job of the process), its links, lookups, server variables and abilities, and
 * ConnectWise's reference data, read once and refreshed by age. A change to the instance or its lookups
 * (they touch the instance's `updatedAt`) is seen within `settingsCheckMs`.
 */
export function createRuntimeCache(options: RuntimeCacheOptions): RuntimeCache {
  const now = options.now ?? Date.now;
  const referenceTtlMs = options.referenceTtlMs ?? 3_600_000;
  const matchIndexTtlMs = options.matchIndexTtlMs ?? 300_000;
  const retiredClientGraceMs = options.retiredClientGraceMs ?? 300_000;
  const settingsCheckMs = options.settingsCheckMs ?? 2_000;
  const cache = new Map<string, CachedRuntime>();
  const inFlight = new Map<string, Promise<InstanceRuntime>>();
  // What each instance's clients did in this process, across the clients a settings change replaces.
  const countersByInstance = new Map<string, ConnectWiseCounters>();
  const linkOptions = {
    entityOf: (module: string) => options.connector.modules.get(module)?.definition.bssEntity ?? module,
  };
  const links = createLinkRepository(options.db, linkOptions);
  const createAttempts = createAttemptLog(options.db, (db) => createLinkRepository(db, linkOptions));
  const lookups = createLookupRepository(options.db, options.connector.definition);
  const reader = createStoreRecordReader(options.store);

  async function closeEntry(entry: CachedRuntime | undefined): Promise<void> {
    if (!entry) return;
    const runtime = await entry.runtime.catch(() => undefined);
    await runtime?.connection.close();
  }

  // A replaced runtime may still be in the hands of running jobs (another module's push, a pull paging on):
  // its client is closed once they have had time to finish, not under them.
  const retired = new Map<CachedRuntime, NodeJS.Timeout>();
  function retire(entry: CachedRuntime | undefined): void {
    if (!entry || retired.has(entry)) return;
    const timer = setTimeout(() => {
      retired.delete(entry);
      void closeEntry(entry);
    }, retiredClientGraceMs);
    timer.unref();
    retired.set(entry, timer);
  }

  async function build(instance: InstanceSummary, entry: CachedRuntime): Promise<InstanceRuntime> {
    const credentials = await options.instances.credentialsOf(instance.id);
    let counters = countersByInstance.get(instance.id);
    if (!counters) countersByInstance.set(instance.id, (counters = new ConnectWiseCounters()));
    const logger = options.logger?.child({ instanceId: instance.id });
    // An instance's customised mapping is compiled here, once per change of its settings.
    const connector = connectorWithOverrides(options.connector, instance.mappingOverrides);
    const bss = await bssCurrencies(options.store);
    const connection = await openConnectWiseConnection({
      client: { ...options.clientOptions, ...credentials, counters, ...(logger ? { logger } : {}) },
      connector,
      bss,
      referenceTtlMs,
      matchIndexTtlMs,
      now,
      ...(logger ? { logger } : {}),
    });
    entry.connection = connection;
    const { gateway, actions } = connection;
    const table = await lookups.load(instance.id);
    const syncOptions = effectiveSyncOptions(connector.definition, instance.syncOptions);
    const abilities = (module: string, ability: string) =>
      Boolean((syncOptions[module] as Record<string, boolean> | undefined)?.[ability]);
    const serverVariables = effectiveServerVariables(connector.definition, instance.serverVariables);
    return {
      instance,
      connector,
      connection,
      gateway,
      links,
      push: {
        instanceId: instance.id,
        connector,
        gateway,
        links,
        createAttempts,
        records: reader,
        lookups: table,
        serverVariables,
        abilities,
        actions,
      },
      pull: {
        instanceId: instance.id,
        connector,
        links,
        records: reader,
        writer: createStoreRecordWriter(options.store, instance.id),
        lookups: table,
        abilities,
        actions,
      },
    };
  }

  /** Reads the instance and returns its cached runtime, or builds a new one when its settings changed. */
  async function lookUp(instanceId: string): Promise<InstanceRuntime> {
    let entry = cache.get(instanceId);
    const instance = await options.instances.get(instanceId);
    if (!instance) {
      cache.delete(instanceId);
      await closeEntry(entry);
      throw new InstanceNotFoundError(instanceId);
    }
    if (!instance.enabled && !options.includeDisabled) throw new InstanceDisabledError(instance.id);
    if (entry && entry.updatedAt === instance.updatedAt) {
      entry.checkedAt = now();
      return entry.runtime;
    }
    const stale = entry;
    entry = {
      updatedAt: instance.updatedAt,
      checkedAt: now(),
    } as CachedRuntime;
    const building = entry;
    entry.runtime = build(instance, entry);
    // A runtime that failed to build (ConnectWise unreachable) is built again by the next job.
    entry.runtime.catch(() => {
      if (cache.get(instanceId) === building) cache.delete(instanceId);
      void building.connection?.close();
    });
    cache.set(instanceId, entry);
    retire(stale);
    return entry.runtime;
  }

  return {
    get(instanceId) {
      const entry = cache.get(instanceId);
      if (entry && now() - entry.checkedAt < settingsCheckMs) return entry.runtime;
      // Jobs that start together share one look at the instance, so they share one runtime: two would mean two
      // clients (two rate limiters) and two match indexes for one tenant, the later replacing the earlier.
      let looking = inFlight.get(instanceId);
      if (!looking) {
        looking = lookUp(instanceId).finally(() => {
          if (inFlight.get(instanceId) === looking) inFlight.delete(instanceId);
        });
        inFlight.set(instanceId, looking);
      }
      return looking;
    },
    connectwiseCounters() {
      return new Map([...countersByInstance].map(([id, counters]) => [id, counters.snapshot()]));
    },
    async invalidate(instanceId) {
      const ids =
        instanceId === undefined ? [...new Set([...cache.keys(), ...inFlight.keys()])] : [instanceId];
      for (const id of ids) {
        const entry = cache.get(id);
        cache.delete(id);
        inFlight.delete(id);
        retire(entry);
      }
    },
    async close() {
      const entries = [...cache.values(), ...retired.keys()];
      for (const timer of retired.values()) clearTimeout(timer);
      retired.clear();
      cache.clear();
      inFlight.clear();
      await Promise.all(entries.map((entry) => closeEntry(entry)));
    },
  };
}

/** The BSS currencies by ISO code, for the pull's currency lookup. */
async function bssCurrencies(
  store: RecordStore,
): Promise<{ currencyIdByIsoCode(code: string): string | undefined }> {
  const byCode = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = await store.list('currencies', { limit: 500, ...(after ? { after } : {}) });
    for (const currency of page.items) {
      const code = (currency as { code?: unknown }).code;
      if (typeof code === 'string') byCode.set(code.toUpperCase(), String(currency.id));
    }
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
  return { currencyIdByIsoCode: (code) => byCode.get(code.toUpperCase()) };
}
