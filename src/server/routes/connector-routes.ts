import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { RecordStore } from '../../bss/store/index.js';
import type { Database } from '../../db/schema.js';
import type { CompiledConnector } from '../../engine/index.js';
import { createLookupRepository, type InstanceRepository } from '../../instances/index.js';
import type { JobQueue } from '../../jobs/index.js';
import { createReportRepository } from '../../report/index.js';
import type { SyncService } from '../../sync/index.js';
import { registerComparisonRoutes } from './comparison-routes.js';
import { registerConnectorDefinitionRoute } from './connector-definition-route.js';
import { registerConnectorErrorReplies } from './connector-requests.js';
import { registerInstanceCheckRoute } from './instance-check-route.js';
import { registerInstanceRoutes } from './instance-routes.js';
import { registerLookupRoutes } from './lookup-routes.js';
import { registerReconcileRoutes } from './reconcile-routes.js';
import { registerReportRoutes } from './report-routes.js';
import { registerSyncRoutes } from './sync-routes.js';

export interface ConnectorRoutesOptions {
  db: Kysely<Database>;
  store: RecordStore;
  instances: InstanceRepository;
  connector: CompiledConnector;
  /** runs, sync and the record comparison need the sync service */
  sync?: SyncService;
  /** resync queues jobs on it */
  queue?: Pick<JobQueue, 'enqueue'>;
}

/**
 * The operator's API under `/api/v1`: instances, their lookups and settings, the connector report, runs and
 * sync. Registered as a plugin so its errors get their statuses in one place (`registerConnectorErrorReplies`);
 * the bearer-token check of the server applies as to every `/api/` route.
 */
export async function connectorRoutes(app: FastifyInstance, options: ConnectorRoutesOptions): Promise<void> {
  const { db, store, instances, connector, sync, queue } = options;
  const definition = connector.definition;
  const reports = sync?.reports ?? createReportRepository(db);
  registerConnectorErrorReplies(app);
  const lookups = createLookupRepository(db, definition);
  registerInstanceRoutes(app, { instances, definition });
  registerInstanceCheckRoute(app, { instances, lookups, definition });
  registerConnectorDefinitionRoute(app, definition);
  registerLookupRoutes(app, {
    instances,
    definition,
    store,
    lookups,
  });
  registerReportRoutes(app, {
    db,
    instances,
    connector,
    reports,
    ...(queue !== undefined ? { queue } : {}),
    ...(sync !== undefined ? { sync } : {}),
  });
  if (sync !== undefined) {
    registerComparisonRoutes(app, { store, connector, instances, sync });
    registerSyncRoutes(app, { instances, connector, reports, sync });
    registerReconcileRoutes(app, { db, store, instances, sync, ...(queue !== undefined ? { queue } : {}) });
  }
}
