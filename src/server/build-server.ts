import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { entitySchemas } from '../bss/records/index.js';
import type { RecordStore } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import type { CompiledConnector } from '../engine/index.js';
import type { InstanceRepository } from '../instances/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { SyncService } from '../sync/index.js';
import type { CallbackReceiver } from '../sync/callbacks/index.js';
import { SecretBox } from '../instances/secret-box.js';
import { requireBearerToken } from './auth/require-bearer-token.js';
import { serveDashboard } from './dashboard/serve-dashboard.js';
import { registerErrorReplies, replyToRouterError } from './error-replies.js';
import { registerJsonBodyParser } from './json-body-parser.js';
import { refuseNulInUrl } from './refuse-nul-in-url.js';
import { registerOpenApi } from './openapi/register-openapi.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerChangeFeedRoutes } from './routes/change-feed-routes.js';
import { connectorRoutes } from './routes/connector-routes.js';
import { connectWiseCallbackRoutes } from './routes/connectwise-callbacks.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerMetricsRoute, type MetricsAccess } from './routes/metrics-route.js';
import { registerRecordRoutes } from './routes/record-routes.js';
import type { WebhookSecretSealer, WebhookTargetPolicy } from '../webhooks/index.js';
import { webhookRoutes } from './routes/webhook-routes.js';

export interface ServerOptions {
  db: Kysely<Database>;
  store: RecordStore;
  logger?: Logger;
  /** Largest request body in bytes; larger ones get a 413. Default 1 MiB. */
  bodyLimit?: number;
  /**
   * Seals webhook signing secrets. `startServer` passes the persistent one (CWSYNC_SECRET_KEY or the data
   * folder's key file); without it a key lives as long as the process, which suits tests only.
   */
  secrets?: WebhookSecretSealer;
  /** which addresses a webhook subscription may target (default: public addresses only) */
  webhookTargets?: WebhookTargetPolicy;
  /**
   * Receives ConnectWise callbacks at `POST /api/v1/connectwise/callbacks/:instanceId` (signature-checked, no
   * bearer token); without it the route is not served. Make one with `createCallbackReceiver`.
   */
  callbacks?: CallbackReceiver;
  /**
   * The operator's API (instances, lookups, the connector report, runs, sync) is served when `instances` and
   * `connector` are given; runs, sync and the record comparison also need `sync`, resync needs `queue`.
   */
  instances?: InstanceRepository;
  connector?: CompiledConnector;
  sync?: SyncService;
  queue?: Pick<JobQueue, 'enqueue'>;
  /** served at `GET /metrics` when given; see `createMetricsRegistry` */
  metrics?: Registry;
  /** who may read `/metrics` (default: a bearer API token) */
  metricsAccess?: MetricsAccess;
  /** a built dashboard (web/dist) to serve at `/`; see `serveDashboard` */
  dashboardDir?: string;
}

export const defaultBodyLimit = 1024 * 1024;

export async function buildServer({
  db,
  store,
  logger,
  bodyLimit,
  secrets,
  webhookTargets,
  callbacks,
  metrics,
  metricsAccess,
  dashboardDir,
  ...connectorOptions
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger !== undefined ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: bodyLimit ?? defaultBodyLimit,
    frameworkErrors: replyToRouterError,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  // The route schemas document the API; bodies are validated by the store (which lists every problem) and
  // query strings by the routes, so Fastify's own validation and serialisation stay out of the way.
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (value) => JSON.stringify(value));
  // JSON only: any other body (text/plain included) is a 415, not a string the store would have to refuse.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);
  refuseNulInUrl(app);

  registerErrorReplies(app);
  await registerSecurityHeaders(app);
  requireBearerToken(app, db);
  await registerOpenApi(app);
  registerHealthRoutes(app, db);
  for (const schema of Object.values(entitySchemas)) registerRecordRoutes(app, store, schema);
  registerChangeFeedRoutes(app, store);
  await app.register(webhookRoutes, {
    prefix: '/api/v1',
    db,
    store,
    secrets: secrets ?? SecretBox.fromKey(randomBytes(32)),
    ...(webhookTargets !== undefined ? { targets: webhookTargets } : {}),
  });
  if (metrics) registerMetricsRoute(app, metrics, db, metricsAccess);
  if (callbacks) await app.register(connectWiseCallbackRoutes, { receiver: callbacks });
  const { instances, connector } = connectorOptions;
  if (instances && connector) {
    await app.register(connectorRoutes, { ...connectorOptions, db, store, instances, connector });
  }
  if (dashboardDir !== undefined) await serveDashboard(app, dashboardDir);
  return app;
}
