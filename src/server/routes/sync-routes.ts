import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CompiledConnector } from '../../engine/index.js';
import { InstanceDisabledError } from '../../sync/index.js';
import type { InstanceRepository } from '../../instances/index.js';
import type { ReportRepository, SyncRun } from '../../report/index.js';
import type { SyncService } from '../../sync/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, parseBody, requireInstance, validationFailed } from './connector-requests.js';
import { instanceParams } from './instance-routes.js';
import { parseRequestPart } from './record-routes.js';
import { checkModule } from './report-routes.js';

export interface SyncRoutesOptions {
  instances: InstanceRepository;
  connector: CompiledConnector;
  reports: Pick<ReportRepository, 'getRun' | 'listRuns'>;
  sync: Pick<SyncService, 'startRuns' | 'runProgress'>;
}

const tags = ['sync runs'];
const direction = z.enum(['push', 'pull']);

const counts = z.object({
  created: z.number(),
  updated: z.number(),
  linked: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  skipped: z.number(),
  waiting: z.number(),
  ambiguous: z.number(),
});

const runSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  module: z.string(),
  direction,
  trigger: z.enum(['schedule', 'manual', 'callback', 'retry']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(['running', 'succeeded', 'failed']),
  counts: counts.optional().describe('Live while the run is running; final once it finished.'),
  expected: z.number().optional().describe('Running runs: the records the run queued or found.'),
  done: z.number().optional().describe('Running runs: the records with a final outcome so far.'),
});

const runsQuery = z.strictObject({
  instance: z.string().min(1).max(100).optional().describe('An instance id or name.'),
  module: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('1..1000, default 50.'),
});

const runParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a run id (a whole number)') });

const syncBody = z
  .strictObject({
    module: z.string().min(1).max(100).optional().describe('Default: every module.'),
    direction: direction.optional().describe('Default: both.'),
  })
  .optional();

/** The run log (with live counts for running runs) and starting a sync of an instance. */
export function registerSyncRoutes(app: FastifyInstance, options: SyncRoutesOptions): void {
  const { instances, connector, reports, sync } = options;

  /** A running run's counts come from its records as they settle; a finished one's are stored. */
  async function withProgress(run: SyncRun): Promise<z.infer<typeof runSchema>> {
    if (run.status !== 'running') return run;
    const progress = await sync.runProgress(run.id);
    if (!progress) return run;
    return {
      ...run,
      counts: progress.counts,
      done: progress.done,
      ...(progress.expected !== undefined ? { expected: progress.expected } : {}),
    };
  }

  app.get(
    '/api/v1/runs',
    {
      schema: {
        tags,
        summary: 'The run log, newest first',
        operationId: 'list-runs',
        querystring: runsQuery,
        response: { 200: z.object({ items: z.array(runSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const query = parseRequestPart(runsQuery, request.query, 'this query');
      const instanceId =
        query.instance === undefined
          ? undefined
          : ((await instances.get(query.instance))?.id ?? query.instance);
      const runs = await reports.listRuns({
        ...(instanceId !== undefined ? { instanceId } : {}),
        ...(query.module !== undefined ? { module: query.module } : {}),
        limit: query.limit,
      });
      return { items: await Promise.all(runs.map(withProgress)) };
    },
  );

  app.get(
    '/api/v1/runs/:id',
    {
      schema: {
        tags,
        summary: 'One run, with live counts while it runs',
        operationId: 'get-run',
        params: runParams,
        response: { 200: runSchema, 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = parseRequestPart(runParams, request.params, 'the path');
      const run = await reports.getRun(id);
      if (!run) throw new ConnectorApiError(404, 'not_found', `run ${id} does not exist`);
      return withProgress(run);
    },
  );

  app.post(
    '/api/v1/instances/:id/sync',
    {
      schema: {
        tags,
        summary: 'Start a sync of an instance: every module (or one), both directions (or one)',
        description:
          'A push run queues every BSS record of the module; a pull run polls ConnectWise for what changed. ' +
          'Follow the runs at /runs/{id}.',
        operationId: 'sync-instance',
        params: instanceParams,
        body: syncBody,
        response: {
          202: z.object({ runIds: z.array(z.string()) }),
          404: errorBody,
          409: errorBody.describe('The instance is switched off.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = parseRequestPart(instanceParams, request.params, 'the path');
      const instance = await requireInstance(instances, id);
      const body = parseBody(syncBody, request.body) ?? {};
      if (body.module !== undefined) {
        const issues = checkModule(connector, body.module, 'module');
        const module = connector.modules.get(body.module);
        if (module && body.direction !== undefined && !module[body.direction]) {
          issues.push({
            path: 'direction',
            rule: 'supportedDirection',
            message: `the connector does not ${body.direction} ${body.module}`,
            received: body.direction,
          });
        }
        if (issues.length > 0) throw validationFailed(issues);
      }
      if (!instance.enabled) throw new InstanceDisabledError(instance.id);
      const runIds = await sync.startRuns({
        instanceId: instance.id,
        ...(body.module !== undefined ? { module: body.module } : {}),
        ...(body.direction !== undefined ? { direction: body.direction } : {}),
        trigger: 'manual',
      });
      return reply.status(202).send({ runIds });
    },
  );
}
