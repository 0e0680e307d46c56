import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RecordStore } from '../../bss/store/index.js';
import type { Database } from '../../db/schema.js';
import type { InstanceRepository } from '../../instances/index.js';
import type { JobQueue } from '../../jobs/index.js';
import {
  createReconcileRuns,
  reconcilableModules,
  recordsOfGroup,
  resolveDrift,
  type ReconcileRun,
  type RecordDrift,
} from '../../reconcile/index.js';
import type { SyncService } from '../../sync/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, parseBody, requireInstance, validationFailed } from './connector-requests.js';
import { instanceParams } from './instance-routes.js';
import { parseRequestPart } from './record-routes.js';
import { reconcileRunSchema } from './reconcile-schemas.js';

export interface ReconcileRoutesOptions {
  db: Kysely<Database>;
  store: RecordStore;
  instances: InstanceRepository;
  sync: Pick<SyncService, 'runtimes' | 'reports'>;
  /** resolving queues push and pull jobs: without a queue the resolve route is not served */
  queue?: Pick<JobQueue, 'enqueue'>;
}

const tags = ['reconciliation'];
const runParams = instanceParams.extend({ runId: z.string().uuid().describe('The reconciliation’s id.') });
const startBody = z
  .strictObject({
    modules: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(50)
      .optional()
      .describe('Only these modules (default: every module the connector pushes).'),
  })
  .default({});
const resolveBody = z
  .strictObject({
    side: z
      .enum(['bss', 'connectwise'])
      .describe(
        '`bss`: push this side (BSS → ConnectWise); `connectwise`: pull that side (ConnectWise → BSS).',
      ),
    records: z
      .array(z.object({ module: z.string().min(1).max(100), recordId: z.string().min(1).max(200) }))
      .min(1)
      .max(1000)
      .optional()
      .describe('Drifted records of the run.'),
    group: z
      .string()
      .min(1)
      .max(400)
      .optional()
      .describe(
        'A group key of the run (`module|field|kind`, `module|missing|side`), or a module: its whole drift.',
      ),
  })
  .refine((body) => (body.records === undefined) !== (body.group === undefined), {
    message: 'give either records or group, not both and not neither',
    params: { rule: 'exactlyOne' },
  });
const resolveResult = z.object({
  queued: z.array(
    z.object({
      module: z.string(),
      recordId: z.string(),
      direction: z.enum(['push', 'pull']),
      jobRecordId: z.string().describe('The job’s record: the BSS id on push, the ConnectWise id on pull.'),
    }),
  ),
  refused: z.array(z.object({ module: z.string(), recordId: z.string(), reason: z.string() })),
});

/**
 * Reconciliation: `POST /api/v1/instances/:id/reconcile` starts one and answers at once (202, running);
 * `GET …/reconcile/:runId` answers its progress, then its drift; `POST …/reconcile/:runId/resolve` pushes
 * this side or pulls that side of some of its records, or of a group.
 */
export function registerReconcileRoutes(app: FastifyInstance, options: ReconcileRoutesOptions): void {
  const runs = createReconcileRuns({ runtimes: options.sync.runtimes, db: options.db, store: options.store });
  const requireRun = async (params: z.infer<typeof runParams>): Promise<ReconcileRun> => {
    const instance = await requireInstance(options.instances, params.id);
    const run = runs.get(params.runId);
    if (!run || run.instanceId !== instance.id) {
      throw new ConnectorApiError(
        404,
        'not_found',
        `no reconciliation ${params.runId} of ${instance.id} (a restart forgets them; start another)`,
      );
    }
    return run;
  };

  app.post(
    '/api/v1/instances/:id/reconcile',
    {
      schema: {
        tags,
        summary: 'Start a reconciliation: compare every linked record with ConnectWise’s copy',
        description:
          'Writes nothing. Answers at once with the run (status `running`); read it with GET …/reconcile/{runId} until it is `finished` (with the drift) or `failed`.',
        operationId: 'start-reconciliation',
        params: instanceParams,
        body: startBody,
        response: {
          202: reconcileRunSchema,
          404: errorBody,
          409: errorBody,
          502: errorBody,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = parseRequestPart(instanceParams, request.params, 'the path');
      const body = parseBody(startBody, request.body ?? {});
      const instance = await requireInstance(options.instances, id);
      // The instance's settings as they are now (a sync option just switched), as a dry run reads them; switched
      // off (409) or ConnectWise unreachable (502) is answered now, not found in the run later.
      await options.sync.runtimes.invalidate(instance.id);
      const runtime = await options.sync.runtimes.get(instance.id);
      const known = reconcilableModules(runtime);
      const unknown = (body.modules ?? []).flatMap((module, index) =>
        known.includes(module)
          ? []
          : [
              {
                path: `modules[${index}]`,
                rule: 'oneOf',
                message: `must be a module the connector pushes: ${known.join(', ')}`,
                received: module,
              },
            ],
      );
      if (unknown.length > 0) throw validationFailed(unknown);
      return reply.status(202).send(runs.start(instance.id, body.modules));
    },
  );

  app.get(
    '/api/v1/instances/:id/reconcile',
    {
      schema: {
        tags,
        summary: 'The reconciliations this process keeps of an instance, newest first',
        operationId: 'list-reconciliations',
        params: instanceParams,
        response: {
          200: z.object({ items: z.array(reconcileRunSchema) }),
          404: errorBody,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = parseRequestPart(instanceParams, request.params, 'the path');
      const instance = await requireInstance(options.instances, id);
      // The list is a summary: each run's drift is read by its own id.
      return { items: runs.list(instance.id).map(({ result: _result, ...run }) => run) };
    },
  );

  app.get(
    '/api/v1/instances/:id/reconcile/:runId',
    {
      schema: {
        tags,
        summary: 'A reconciliation’s progress, then its drift by record, field and kind',
        operationId: 'get-reconciliation',
        params: runParams,
        response: { 200: reconcileRunSchema, 404: errorBody, ...errorResponses },
      },
    },
    async (request) => requireRun(parseRequestPart(runParams, request.params, 'the path')),
  );

  const queue = options.queue;
  if (queue === undefined) return;
  app.post(
    '/api/v1/instances/:id/reconcile/:runId/resolve',
    {
      schema: {
        tags,
        summary: 'Push this side or pull that side of drifted records, or of a whole group',
        description:
          'Queues the ordinary push (BSS → ConnectWise) or pull (ConnectWise → BSS) job of each record, after setting the link’s snapshot so the job writes every drifted field. The pull respects the instance’s sync options. Records the side cannot resolve (a module that is not pulled, a record gone) are answered under `refused`.',
        operationId: 'resolve-reconciliation',
        params: runParams,
        body: resolveBody,
        response: { 202: resolveResult, 404: errorBody, 409: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const params = parseRequestPart(runParams, request.params, 'the path');
      const body = parseBody(resolveBody, request.body);
      const run = await requireRun(params);
      if (!run.result) {
        throw new ConnectorApiError(409, 'not_finished', `reconciliation ${run.id} is ${run.status}`);
      }
      const chosen =
        body.group !== undefined
          ? recordsOfGroup(run.result.drift, body.group)
          : pickRecords(run.result.drift, body.records!);
      if (chosen.length === 0) {
        throw new ConnectorApiError(404, 'not_drifted', `no record of the run has the drift ${body.group}`);
      }
      // The jobs read the instance's settings afresh (a sync option just switched), as a resync's do.
      await options.sync.runtimes.invalidate(run.instanceId);
      const result = await resolveDrift(
        { ...options, reports: options.sync.reports, runtimes: options.sync.runtimes, queue },
        run.instanceId,
        chosen,
        body.side,
      );
      return reply.status(202).send(result);
    },
  );
}

/** The run's drift of each record asked for; a 404 naming those that are not among it. */
function pickRecords(
  drift: readonly RecordDrift[],
  wanted: ReadonlyArray<{ module: string; recordId: string }>,
): RecordDrift[] {
  const found = wanted.map((one) =>
    drift.find((record) => record.module === one.module && record.recordId === one.recordId),
  );
  const absent = wanted.filter((_, index) => found[index] === undefined);
  if (absent.length > 0) {
    const names = absent.map((record) => `${record.module} ${record.recordId}`).join(', ');
    throw new ConnectorApiError(404, 'not_drifted', `not among the run's drift: ${names}`);
  }
  return found as RecordDrift[];
}
