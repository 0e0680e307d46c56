import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CompiledConnector } from '../../engine/index.js';
import type { InstanceRepository } from '../../instances/index.js';
import type { JobQueue } from '../../jobs/index.js';
import { groupByCause, readWholeReport, type CauseGroup, type ReportRepository } from '../../report/index.js';
import { pullJobKind, pushJobKind, type SyncService } from '../../sync/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, parseBody, requireInstance } from './connector-requests.js';
import { parseRequestPart } from './record-routes.js';

export interface ReportGroupRoutesOptions {
  instances: InstanceRepository;
  connector: CompiledConnector;
  reports: ReportRepository;
  queue?: Pick<JobQueue, 'enqueue'>;
  sync?: Pick<SyncService, 'runtimes'>;
}

const tags = ['connector report'];
const direction = z.enum(['push', 'pull']);
const recordRef = z.object({ module: z.string(), recordId: z.string(), direction });

const groupSchema = z.object({
  key: z.string().describe('Names the cause; pass it to /report/groups/resync.'),
  outcome: z.enum(['failed', 'waiting', 'ambiguous', 'conflict', 'warning', 'review']),
  message: z.string(),
  field: z.string().optional(),
  modules: z.array(z.string()),
  direction,
  count: z.number().describe('Every record of the group.'),
  records: z.array(recordRef).describe('The first `recordLimit` records of the group.'),
  fix: z.string().describe('What to do about it.'),
  unmappedLookup: z
    .object({ lookup: z.string(), label: z.string(), internalId: z.string() })
    .optional()
    .describe('The BSS value no lookup row maps: map it (PUT …/lookups/{lookup}/{internalId}) and re-sync.'),
});

const groupsQuery = z.strictObject({
  instance: z.string().min(1).max(100).describe('An instance id or name.'),
  module: z.string().min(1).max(100).optional(),
  direction: direction.optional(),
  recordLimit: z.coerce.number().int().min(0).max(1000).default(100).describe('Records listed per group.'),
});

const resyncGroupBody = z.strictObject({
  instanceId: z.string().min(1).max(100),
  key: z.string().min(1).max(2000).describe('The key of a group from /report/groups.'),
});

/** The connector report grouped by cause, and a re-sync of one whole group. */
export function registerReportGroupRoutes(app: FastifyInstance, options: ReportGroupRoutesOptions): void {
  const { instances, connector, reports } = options;
  const groupsOf = async (
    instanceId: string,
    filter: { module?: string; direction?: 'push' | 'pull' } = {},
  ) => groupByCause(await readWholeReport(reports, { instanceId, ...filter }), connector.definition);

  app.get(
    '/api/v1/report/groups',
    {
      schema: {
        tags,
        summary: 'The records not in step, grouped by cause, with the fix of each group',
        operationId: 'list-report-groups',
        querystring: groupsQuery,
        response: { 200: z.object({ items: z.array(groupSchema) }), 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const query = parseRequestPart(groupsQuery, request.query, 'this query');
      const instance = await requireInstance(instances, query.instance);
      const groups = await groupsOf(instance.id, {
        ...(query.module !== undefined ? { module: query.module } : {}),
        ...(query.direction !== undefined ? { direction: query.direction } : {}),
      });
      return { items: groups.map((group) => describeGroup(group, query.recordLimit)) };
    },
  );

  const queue = options.queue;
  if (queue === undefined) return;
  app.post(
    '/api/v1/report/groups/resync',
    {
      schema: {
        tags,
        summary: 'Queue a sync of every record of one group',
        operationId: 'resync-report-group',
        body: resyncGroupBody,
        response: {
          202: z.object({ queued: z.number() }),
          404: errorBody.describe('No such instance, or no record has this cause any more.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = parseBody(resyncGroupBody, request.body);
      const instance = await requireInstance(instances, body.instanceId);
      const group = (await groupsOf(instance.id)).find((candidate) => candidate.key === body.key);
      if (!group) {
        throw new ConnectorApiError(
          404,
          'group_not_found',
          `no record of ${instance.id} has this cause any more: the group is in step, or its records changed`,
        );
      }
      await options.sync?.runtimes.invalidate(instance.id);
      for (const record of group.records) {
        await queue.enqueue({
          kind: record.direction === 'push' ? pushJobKind : pullJobKind,
          instanceId: instance.id,
          module: record.module,
          recordId: record.recordId,
        });
      }
      return reply.status(202).send({ queued: group.records.length });
    },
  );
}

function describeGroup(group: CauseGroup, recordLimit: number): z.infer<typeof groupSchema> {
  return {
    ...group,
    records: group.records
      .slice(0, recordLimit)
      .map(({ module, recordId, direction: way }) => ({ module, recordId, direction: way })),
  };
}
