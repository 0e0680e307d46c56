import { ConfigurationError } from '../errors/index.js';
import type { Kysely } from 'kysely';
import { createRecordStore, type RecordStore } from '../bss/store/index.js';
import { loadEnvironment } from '../config/env.js';
import { openSecrets } from '../config/open-secrets.js';
import { isPostgresUrl } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { type CompiledConnector } from '../engine/index.js';
import { loadConnectWiseDefinition } from '../connectors/connectwise/index.js';
import { createInstanceRepository, type InstanceRepository, type SecretBox } from '../instances/index.js';
import { createEmbeddedQueue, createGraphileQueue, type JobQueue, type QueueOptions } from '../jobs/index.js';
import type { Logger } from '../logging/logger.js';
import { createSyncService, type SyncService, type SyncServiceOptions } from './create-sync-service.js';

export type QueueRunner = 'embedded' | 'graphile';

/**
 * The runner a process uses for the job queue: the one asked for, else graphile-worker on PostgreSQL and the
 * embedded runner on SQLite. Every process sharing a database must make the same choice — jobs queued on one
 * runner are invisible to the other — so `worker`, `sync` (and `serve`) all choose here.
 */
export function chooseQueueRunner(databaseUrl: string, requested?: QueueRunner): QueueRunner {
  const runner = requested ?? (isPostgresUrl(databaseUrl) ? 'graphile' : 'embedded');
  if (runner === 'graphile' && !isPostgresUrl(databaseUrl)) {
    throw new ConfigurationError('--runner graphile: needs a postgres:// database URL');
  }
  return runner;
}

export interface JobQueueChoice extends QueueOptions {
  runner: QueueRunner;
  /** graphile: the PostgreSQL the queue lives in */
  databaseUrl?: string;
  /** graphile: its own schema (default graphile_worker) */
  graphileSchema?: string;
  /** embedded: the application database the queue lives in */
  db?: Kysely<Database>;
  /** graphile: how long a worker may miss its heartbeat before its jobs are freed (default 60 s) */
  deadWorkerAfterMs?: number;
  /** graphile: told when the jobs of workers that stopped beating were freed */
  onDeadWorkers?: (workerIds: string[]) => void;
}

/** Opens the job queue on the chosen runner (see `chooseQueueRunner`). */
export function openJobQueue(choice: JobQueueChoice): JobQueue {
  const { runner, databaseUrl, graphileSchema, db, deadWorkerAfterMs, onDeadWorkers, ...settings } = choice;
  if (runner === 'graphile') {
    if (databaseUrl === undefined || !isPostgresUrl(databaseUrl)) {
      throw new ConfigurationError('--runner graphile: needs a postgres:// database URL');
    }
    return createGraphileQueue({
      connectionString: databaseUrl,
      ...(graphileSchema ? { schema: graphileSchema } : {}),
      ...(deadWorkerAfterMs !== undefined ? { deadWorkerAfterMs } : {}),
      ...(onDeadWorkers ? { onDeadWorkers } : {}),
      ...settings,
    });
  }
  if (db === undefined) throw new Error('the embedded runner needs the application database');
  return createEmbeddedQueue(db, settings);
}

export interface OpenSyncServiceOptions {
  /** the application database (migrated); the caller owns it and destroys it after `close()` */
  db: Kysely<Database>;
  store?: RecordStore;
  logger?: Logger;
  /** the queue runner; embedded when not given */
  runner?: QueueRunner;
  /** needed for the graphile runner */
  databaseUrl?: string;
  graphileSchema?: string;
  /** the queue's settings (polling, attempts) and, for graphile, how dead workers are found and told of */
  queueOptions?: Omit<JobQueueChoice, 'runner' | 'databaseUrl' | 'graphileSchema' | 'db'>;
  /** the key that opens the instances' ConnectWise keys (default: CWSYNC_SECRET_KEY or the data folder's key) */
  secrets?: SecretBox;
  connector?: CompiledConnector;
  /** further sync service settings (schedules, TTLs, ConnectWise client settings) */
  service?: Partial<Omit<SyncServiceOptions, 'db' | 'store' | 'instances' | 'connector' | 'queue'>>;
}

export interface OpenedSyncService {
  service: SyncService;
  queue: JobQueue;
  store: RecordStore;
  instances: InstanceRepository;
  connector: CompiledConnector;
  /** stops the queue (jobs in hand finish or are handed back), closes the ConnectWise clients and the queue */
  close(): Promise<void>;
}

/**
 * Builds a process's sync behaviour from a database handle: the record store, the instance repository (keys
 * opened with the process's secret key), the connector definition, the job queue on the chosen runner and the
 * sync service over them. `sync`, `serve` and `worker` all start here, so they behave alike (a worker given its
 * own `--handlers` opens only the queue, with `openJobQueue`).
 */
export async function openSyncService(options: OpenSyncServiceOptions): Promise<OpenedSyncService> {
  const connector = options.connector ?? (await loadConnectWiseDefinition());
  const secrets = options.secrets ?? (await openSecrets(loadEnvironment()));
  const store = options.store ?? createRecordStore(options.db);
  const instances = createInstanceRepository(options.db, secrets, connector.definition);
  const queue = openJobQueue({
    runner: options.runner ?? 'embedded',
    db: options.db,
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.graphileSchema !== undefined ? { graphileSchema: options.graphileSchema } : {}),
    ...options.queueOptions,
  });
  const service = createSyncService({
    ...options.service,
    db: options.db,
    store,
    instances,
    connector,
    queue,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    service,
    queue,
    store,
    instances,
    connector,
    async close() {
      await queue.stop();
      await service.close();
      await queue.close();
    },
  };
}
