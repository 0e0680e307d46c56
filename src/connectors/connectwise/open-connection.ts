import {
  createConnectWiseClient,
  type ConnectWiseClient,
  type ConnectWiseConfigInput,
} from '../../connectwise/index.js';
import type { ActionRegistry, CompiledConnector, ConnectWiseGateway } from '../../engine/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ActionContext } from './actions/catalog.js';
import { createConnectWiseActionRegistry } from './actions/create-action-registry.js';
import { indexReferenceData, type ReferenceIndex } from './actions/reference-data.js';
import { createConnectWiseGateway } from './adapters/connectwise-gateway.js';
import { createMatchIndex, type MatchIndex } from './adapters/create-match-index.js';
import { listMatchResources } from './adapters/list-match-resources.js';
import { loadReferenceData } from './adapters/load-reference-data.js';

export interface ConnectWiseConnectionOptions {
  /** the client's settings: the instance's credentials, timeouts, concurrency, counters, logger */
  client: ConnectWiseConfigInput;
  /** the instance's connector (its customised mapping compiled): what the match index reads */
  connector: CompiledConnector;
  /** the BSS side's lookup values, for pull actions */
  bss?: ActionContext['bss'];
  /** how long ConnectWise's countries, states and communication types are trusted */
  referenceTtlMs: number;
  /** how long the match index answers before it is read again; 0 looks every record up in ConnectWise */
  matchIndexTtlMs: number;
  now: () => number;
  logger?: Logger;
}

/** One instance's way to ConnectWise: the gateway the sync reads and writes through, and the connector's actions. */
export interface ConnectWiseConnection {
  /** writes and lookups (answered from the match index while it is fresh), a pull's reads and a poll's listings */
  gateway: Required<ConnectWiseGateway>;
  /** every action the definition names, their finds kept while the connection lives */
  actions: ActionRegistry;
  /** the client itself, for what is not a record's sync (registering ConnectWise callbacks) */
  client: ConnectWiseClient;
  /** the client's counters and rate limiter, as now */
  stats(): ReturnType<ConnectWiseClient['stats']>;
  close(): Promise<void>;
}

/**
 * Opens an instance's connection to ConnectWise: one client (one keep-alive pool and one rate limiter per
 * tenant, shared by every job of the process), a gateway over it whose lookups are answered from a match index
 * read again once older than `matchIndexTtlMs`, and the action registry over ConnectWise's reference data, read
 * now and refreshed in the background once older than `referenceTtlMs`.
 */
export async function openConnectWiseConnection(
  options: ConnectWiseConnectionOptions,
): Promise<ConnectWiseConnection> {
  const { now, matchIndexTtlMs, referenceTtlMs } = options;
  const client = createConnectWiseClient(options.client);
  try {
    const direct = createConnectWiseGateway(client);
    let matchIndex: MatchIndex | undefined;
    let matchIndexLoadedAt = 0;
    const matchResources = listMatchResources(options.connector);
    const gateway: Required<ConnectWiseGateway> = {
      findMatching(resource, conditions, lookup) {
        if (matchIndexTtlMs <= 0) return direct.findMatching(resource, conditions);
        if (!matchIndex || now() - matchIndexLoadedAt > matchIndexTtlMs) {
          matchIndex = createMatchIndex(client, matchResources, { gateway: direct });
          matchIndexLoadedAt = now();
        }
        return matchIndex.findMatching(resource, conditions, lookup);
      },
      create: (resource, body) => (matchIndex ?? direct).create(resource, body),
      update: (resource, id, changes) => (matchIndex ?? direct).update(resource, id, changes),
      read: (resource, id) => direct.read!(resource, id),
      replace: (resource, id, body) => (matchIndex ?? direct).replace!(resource, id, body),
      remove: (resource, id) => direct.remove!(resource, id),
      find: (resource, id) => direct.find!(resource, id),
      listChanged: (resource, listing) => direct.listChanged!(resource, listing),
    };
    let reference: ReferenceIndex = indexReferenceData(await loadReferenceData(client));
    let referenceLoadedAt = now();
    const currentReference = (): ReferenceIndex => {
      if (now() - referenceLoadedAt > referenceTtlMs) {
        referenceLoadedAt = now();
        void loadReferenceData(client)
          .then((data) => (reference = indexReferenceData(data)))
          .catch((error: unknown) => options.logger?.warn({ err: error }, 'reference data refresh failed'));
      }
      return reference;
    };
    // One registry per connection, as the gateway: what its actions find in ConnectWise is kept while it lives.
    const actions = createConnectWiseActionRegistry({ reference: currentReference, bss: options.bss });
    return { gateway, actions, client, stats: () => client.stats(), close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}
