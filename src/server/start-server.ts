import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createRecordStore } from '../bss/store/index.js';
import { createDatabase, isPostgresUrl, watchDatabaseFile, type DatabaseFileWatch } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { createLogger } from '../logging/logger.js';
import { SecretBox } from '../instances/index.js';
import { registerInstanceCallbacks } from '../connectors/connectwise/index.js';
import { createCallbackReceiver } from '../sync/callbacks/index.js';
import { connectWiseConcurrencyFor } from '../sync/connectwise-concurrency.js';
import {
  chooseQueueRunner,
  openSyncService,
  type OpenedSyncService,
  type QueueRunner,
} from '../sync/open-sync-service.js';
import { createMetricsRegistry } from '../metrics/create-metrics.js';
import { buildServer } from './build-server.js';
import type { MetricsAccess } from './routes/metrics-route.js';
import type { RetentionPolicy } from '../runs/index.js';
import { defaultDashboardDir, hasDashboard } from './dashboard/serve-dashboard.js';
import {
  startWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookSecretSealer,
  type WebhookTargetPolicy,
} from '../webhooks/index.js';

export interface StartServerOptions {
  databaseUrl: string;
  port: number;
  host: string;
  /** seals webhook signing secrets; the same key must open them after a restart */
  secrets: WebhookSecretSealer;
  logger?: Logger;
  /** deliver outbound webhooks from this process (default true) */
  deliverWebhooks?: boolean;
  /** which addresses webhooks may be subscribed and delivered to (default: public addresses only) */
  webhookTargets?: WebhookTargetPolicy;
  /**
   * Run the sync jobs and schedules in this process (default true). With `false` (`serve --no-sync`) the process
   * still serves every API, the dashboard, the callbacks (their pull jobs go to the queue) and every metric (the
   * queue depth read from that queue): only the running of jobs moves to `cwsync worker` processes.
   */
  runSync?: boolean;
  /** the queue runner (default: graphile-worker on PostgreSQL, embedded on SQLite; as `cwsync worker` chooses) */
  queueRunner?: QueueRunner;
  /** graphile-worker's schema (default graphile_worker): the one the `cwsync worker` processes use */
  graphileSchema?: string;
  /** sync jobs run at once by this process (default 8) */
  concurrency?: number;
  /** ConnectWise calls in flight per instance (default: `concurrency`, at least 8; see connectWiseConcurrencyFor) */
  connectwiseConcurrency?: number;
  /** where ConnectWise reaches this server: the callbacks of every enabled instance are registered there */
  publicUrl?: string;
  /** who may read `/metrics` (default: a bearer API token) */
  metricsAccess?: MetricsAccess;
  /** how long finished runs and webhook delivery attempts are kept (default 30 days, 10 000 runs) */
  retention?: RetentionPolicy;
  /** the built dashboard served at `/` (default: this package's web/dist, when it has been built) */
  dashboardDir?: string;
  /**
   * Told when the SQLite database file is deleted or replaced while the server runs (looked at every second).
   * The server has begun stopping by then, so nothing more is written to a file that is gone; `serve` exits.
   */
  onDatabaseLost?: (error: Error) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` as bound (port 0 becomes the real port). */
  url: string;
  /** the application database (closed by `stop`) */
  db: Kysely<Database>;
  /** the sync service, queue and repositories behind the operator's API (jobs run here unless `runSync: false`) */
  sync: OpenedSyncService;
  /** Stops taking requests, lets the ones in flight finish, stops webhook delivery and the sync jobs (finished or
   * handed back), then closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, and serves the API (and delivers webhooks) until `stop()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const database = createDatabase(options.databaseUrl, { checkpointInBackground: true });
  let dispatcher: WebhookDispatcher | undefined;
  let sync: OpenedSyncService | undefined;
  let fileWatch: DatabaseFileWatch | undefined;
  try {
    await database.migrate();
    const store = createRecordStore(database.db);
    // Opened with or without `runSync`: the operator's API, the callbacks and the metrics need the service and the
    // queue the workers read; only `queue.start` below (the running of jobs) depends on `runSync`.
    const opened = await openSyncService({
      db: database.db,
      store,
      runner: chooseQueueRunner(options.databaseUrl, options.queueRunner),
      databaseUrl: options.databaseUrl,
      ...(options.graphileSchema !== undefined ? { graphileSchema: options.graphileSchema } : {}),
      service: {
        ...(options.retention !== undefined ? { retention: options.retention } : {}),
        clientOptions: {
          maxConcurrency: connectWiseConcurrencyFor(options.concurrency ?? 8, options.connectwiseConcurrency),
        },
        pollConcurrency: options.concurrency ?? 8,
        // writes by other processes (`cwsync import`) wake this one's feed too
        ...(isPostgresUrl(options.databaseUrl) ? { bssChangesUrl: options.databaseUrl } : {}),
      },
      // the instances' keys are sealed with the same key as the webhook secrets
      ...(options.secrets instanceof SecretBox ? { secrets: options.secrets } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    sync = opened;
    const dashboardDir = options.dashboardDir ?? defaultDashboardDir;
    const app = await buildServer({
      db: database.db,
      ...(hasDashboard(dashboardDir) ? { dashboardDir } : {}),
      store,
      secrets: options.secrets,
      ...(options.webhookTargets !== undefined ? { webhookTargets: options.webhookTargets } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.metricsAccess !== undefined ? { metricsAccess: options.metricsAccess } : {}),
      metrics: createMetricsRegistry({
        db: database.db,
        ...(sync
          ? {
              queue: sync.queue,
              connectwiseCounters: sync.service.runtimes.connectwiseCounters,
              writeDifferences: sync.service.writeDifferences.snapshot,
            }
          : {}),
      }),
      ...(sync
        ? {
            instances: sync.instances,
            connector: sync.connector,
            sync: sync.service,
            queue: sync.queue,
            callbacks: createCallbackReceiver({
              instances: sync.instances,
              definition: sync.connector.definition,
              queue: sync.queue,
            }),
          }
        : {}),
    });
    await app.listen({ port: options.port, host: options.host });
    if (options.runSync ?? true) {
      opened.service.registerSchedules();
      const concurrency = options.concurrency ?? 8;
      // The embedded runner starts half as many jobs again, ahead: their database work before their first call
      // overlaps the others' calls, so the ConnectWise client's `concurrency` call slots (its own limit) do not
      // sit idle while the next job is claimed and prepared on a busy event loop (issue 14: 52–54 → 84–86 rec/s
      // at 50 ms on a loaded machine). graphile-worker runs them in job slots of their own.
      await opened.queue.start(opened.service.handlers, {
        concurrency,
        claimAhead: Math.ceil(concurrency / 2),
      });
    }
    if (options.publicUrl !== undefined) {
      await registerInstanceCallbacks({
        instances: opened.instances,
        connector: opened.connector,
        publicUrl: options.publicUrl,
        ...(options.logger !== undefined ? { logger: options.logger } : {}),
      });
    }
    if (options.deliverWebhooks ?? true) {
      dispatcher = startWebhookDispatcher({
        db: database.db,
        store,
        secrets: options.secrets,
        ...(options.webhookTargets !== undefined ? { targets: options.webhookTargets } : {}),
        ...(options.retention !== undefined ? { retainDays: options.retention.days } : {}),
        logger: options.logger ?? createLogger({ level: 'silent' }),
      });
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    let stopping: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      db: database.db,
      url: `http://${host}:${port}`,
      sync: opened,
      stop: () =>
        (stopping ??= (async () => {
          fileWatch?.stop();
          await app.close();
          await dispatcher?.stop();
          await sync?.close();
          await database.destroy();
        })()),
    };
    if (database.file !== undefined) {
      fileWatch = watchDatabaseFile(database.file, (lost) => {
        options.logger?.fatal({ err: lost }, 'database file lost');
        void running.stop().catch(() => undefined);
        options.onDatabaseLost?.(lost);
      });
    }
    return running;
  } catch (error) {
    fileWatch?.stop();
    await dispatcher?.stop();
    await sync?.close();
    await database.destroy();
    throw error;
  }
}
