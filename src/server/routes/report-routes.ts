import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isEntityName } from '../../bss/records/index.js';
import { InvalidQueryError, type ValidationIssue } from '../../bss/store/index.js';
import type { Database } from '../../db/schema.js';
import { type CompiledConnector } from '../../engine/index.js';
import { ValidationError } from '../../errors/index.js';
import type { InstanceRepository } from '../../instances/index.js';
import type { JobQueue } from '../../jobs/index.js';
import {
  breakLink,
  readWholeReport,
  queueReviewedLink,
  ReviewedLinkError,
  type ReportRepository,
} from '../../report/index.js';
import { pullJobKind, pushJobKind, type SyncService } from '../../sync/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, parseBody, requireInstance, validationFailed } from './connector-requests.js';
import { parseRequestPart } from './record-routes.js';
import { registerActivityRoutes } from './activity-routes.js';
import { registerRecordStoryRoutes } from './record-story-routes.js';
import { registerReportGroupRoutes } from './report-group-routes.js';

export interface ReportRoutesOptions {
  db: Kysely<Database>;
  instances: InstanceRepository;
  connector: CompiledConnector;
  reports: ReportRepository;
  /** resync queues jobs: without a queue the route is not served */
  queue?: Pick<JobQueue, 'enqueue'>;
  /** a resync makes the instance's next jobs read its settings afresh (a lookup just fixed) */
  sync?: Pick<SyncService, 'runtimes'>;
}

const tags = ['connector report'];
const direction = z.enum(['push', 'pull']);

export const reportEntrySchema = z.object({
  instanceId: z.string(),
  module: z.string(),
  recordId: z.string().describe('The BSS id on push; the ConnectWise id on pull.'),
  direction,
  action: z.string().describe('What the engine was doing: create, update, link, sync, …'),
  outcome: z
    .enum(['failed', 'waiting', 'ambiguous', 'conflict', 'warning', 'review'])
    .describe(
      '`warning`: in step, but ConnectWise kept a value differently from what was sent, or the write took an unusual way (a PUT after a refused PATCH); `review`: a match that waits for a person (link it or not).',
    ),
  field: z.string().optional(),
  message: z.string(),
  connectwise: z
    .object({
      status: z.number(),
      code: z.string().optional(),
      errors: z
        .array(
          z.object({
            code: z.string().optional(),
            message: z.string().optional(),
            field: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional()
    .describe('ConnectWise’s own answer, when it refused the write.'),
  candidates: z.array(z.union([z.number(), z.string()])).optional(),
  differences: z
    .array(
      z.object({
        resource: z.string(),
        connectwiseId: z.number(),
        field: z.string(),
        path: z.string(),
        sent: z.unknown(),
        kept: z.unknown(),
      }),
    )
    .optional()
    .describe('A warning’s values: per field, what cwsync sent and what ConnectWise kept.'),
  attempts: z.number(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
});

const reportQuery = z.strictObject({
  instance: z.string().min(1).max(100).optional().describe('An instance id or name.'),
  module: z.string().min(1).max(100).optional(),
  direction: direction.optional(),
  text: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Matched, case-insensitively, against the message, the field and the record id.'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('1..1000, default 100.'),
  after: z.string().min(1).max(1000).optional().describe('The nextCursor of the previous page.'),
});

const recordRef = z.strictObject({
  module: z.string().min(1).max(100),
  recordId: z.string().min(1).max(200).describe('The BSS id on push; the ConnectWise id on pull.'),
  direction,
});

const resyncBody = z
  .strictObject({
    instanceId: z.string().min(1).max(100),
    items: z.array(recordRef).min(1).max(1000).optional(),
    allFailed: z.literal(true).optional().describe('Every record of the instance whose sync failed.'),
  })
  .refine((body) => (body.items === undefined) !== (body.allFailed === undefined), {
    message: 'give either items or allFailed, not both and not neither',
    params: { rule: 'exactlyOne' },
  });

const linkBody = z.strictObject({
  instanceId: z.string().min(1).max(100),
  module: z.string().min(1).max(100),
  recordId: z.string().min(1).max(200).describe('The BSS id of the record whose match is under review.'),
  connectwiseId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The ConnectWise record to link to; by default the one the review found.'),
});

const unlinkBody = z.strictObject({
  instanceId: z.string().min(1).max(100),
  module: z.string().min(1).max(100),
  recordId: z.string().min(1).max(200).describe('The BSS id.'),
});

/** The connector report: list it, re-sync records from it, break a record's link. */
export function registerReportRoutes(app: FastifyInstance, options: ReportRoutesOptions): void {
  const { instances, connector, reports } = options;
  registerReportGroupRoutes(app, options);
  registerActivityRoutes(app, options);
  registerRecordStoryRoutes(app, options);

  app.get(
    '/api/v1/report',
    {
      schema: {
        tags,
        summary: 'The records not in step with ConnectWise, and why',
        operationId: 'list-report',
        querystring: reportQuery,
        response: {
          200: z.object({ items: z.array(reportEntrySchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = parseRequestPart(reportQuery, request.query, 'this query');
      // A removed instance's rows still name it by id.
      const instanceId =
        query.instance === undefined
          ? undefined
          : ((await instances.get(query.instance))?.id ?? query.instance);
      try {
        const page = await reports.list({
          ...(instanceId !== undefined ? { instanceId } : {}),
          ...(query.module !== undefined ? { module: query.module } : {}),
          ...(query.direction !== undefined ? { direction: query.direction } : {}),
          ...(query.text !== undefined ? { text: query.text } : {}),
          ...(query.after !== undefined ? { after: query.after } : {}),
          limit: query.limit,
        });
        return { items: page.entries, nextCursor: page.next ?? null };
      } catch (error) {
        if (error instanceof ValidationError && error.issues.some((issue) => issue.path === 'after')) {
          throw new InvalidQueryError([
            {
              path: 'after',
              rule: 'cursor',
              message: 'must be the nextCursor of a previous page',
              received: query.after,
            },
          ]);
        }
        throw error;
      }
    },
  );

  const queue = options.queue;
  if (queue !== undefined) {
    app.post(
      '/api/v1/report/resync',
      {
        schema: {
          tags,
          summary: 'Queue a push or pull (by direction) of some records, or of every failed one',
          operationId: 'resync-report',
          body: resyncBody,
          response: {
            202: z.object({ queued: z.number(), items: z.array(recordRef) }),
            404: errorBody,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const body = parseBody(resyncBody, request.body);
        const instance = await requireInstance(instances, body.instanceId);
        const targets =
          body.items ??
          (await readWholeReport(reports, { instanceId: instance.id })).filter(
            (entry) => entry.outcome === 'failed',
          );
        const issues = targets.flatMap((target, index) => checkTarget(connector, target, `items[${index}]`));
        if (issues.length > 0) throw validationFailed(issues);
        await options.sync?.runtimes.invalidate(instance.id);
        for (const target of targets) {
          await queue.enqueue({
            kind: target.direction === 'push' ? pushJobKind : pullJobKind,
            instanceId: instance.id,
            module: target.module,
            recordId: target.recordId,
          });
        }
        const items = targets.map(({ module, recordId, direction: way }) => ({
          module,
          recordId,
          direction: way,
        }));
        return reply.status(202).send({ queued: items.length, items });
      },
    );

    app.post(
      '/api/v1/report/link',
      {
        schema: {
          tags,
          summary:
            'Link a record whose match is under review (a company found by name, its identifier another) to that ConnectWise record',
          description:
            'Queues the record’s push, which links it to the ConnectWise record and writes the BSS values over it (its identifier among them); the review row clears once it is in step.',
          operationId: 'link-reviewed-record',
          body: linkBody,
          response: {
            202: z.object({
              instanceId: z.string(),
              module: z.string(),
              recordId: z.string(),
              connectwiseId: z.number().describe('The ConnectWise record it will be linked to.'),
            }),
            404: errorBody.describe('No such instance, or no match under review for the record.'),
            409: errorBody.describe('The ConnectWise id given is not the record the review found.'),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const body = parseBody(linkBody, request.body);
        const instance = await requireInstance(instances, body.instanceId);
        const issues = checkModule(connector, body.module, 'module');
        if (issues.length > 0) throw validationFailed(issues);
        try {
          const connectwiseId = await queueReviewedLink(reports, queue, { ...body, instanceId: instance.id });
          return reply
            .status(202)
            .send({ instanceId: instance.id, module: body.module, recordId: body.recordId, connectwiseId });
        } catch (error) {
          if (!(error instanceof ReviewedLinkError)) throw error;
          throw new ConnectorApiError(
            error.reason === 'not_under_review' ? 404 : 409,
            error.reason,
            error.message,
          );
        }
      },
    );
  }

  app.post(
    '/api/v1/report/unlink',
    {
      schema: {
        tags,
        summary: 'Break the link of a BSS record to its ConnectWise record, and clear its report rows',
        operationId: 'unlink-record',
        body: unlinkBody,
        response: {
          200: z.object({
            instanceId: z.string(),
            module: z.string(),
            recordId: z.string(),
            integrationId: z.string().describe('The ConnectWise id it was linked to.'),
            removedReportRows: z.number(),
          }),
          404: errorBody.describe('No such instance, or the record is not linked.'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const body = parseBody(unlinkBody, request.body);
      const instance = await requireInstance(instances, body.instanceId);
      const issues = checkModule(connector, body.module, 'module');
      if (issues.length > 0) throw validationFailed(issues);
      const entity = connector.modules.get(body.module)!.definition.bssEntity;
      const broken = await breakLink(options.db, reports, {
        instanceId: instance.id,
        module: body.module,
        ...(isEntityName(entity) ? { entity } : {}),
        recordId: body.recordId,
      });
      if (!broken) {
        throw new ConnectorApiError(
          404,
          'not_linked',
          `${body.module} ${body.recordId} is not linked on ${instance.id}; nothing to unlink`,
        );
      }
      return { instanceId: instance.id, module: body.module, recordId: body.recordId, ...broken };
    },
  );
}

/** No issue when the connector has the module; otherwise one naming the field and the modules there are. */
export function checkModule(connector: CompiledConnector, module: string, path: string): ValidationIssue[] {
  if (connector.modules.has(module)) return [];
  const known = [...connector.modules.keys()].join(', ');
  return [
    { path, rule: 'knownModule', message: `must be a module of the connector (${known})`, received: module },
  ];
}

/** A resync target the connector can sync that way; a pull target is named by its ConnectWise id. */
function checkTarget(
  connector: CompiledConnector,
  target: { module: string; recordId: string; direction: 'push' | 'pull' },
  at: string,
): ValidationIssue[] {
  const moduleIssues = checkModule(connector, target.module, `${at}.module`);
  if (moduleIssues.length > 0) return moduleIssues;
  if (!connector.modules.get(target.module)![target.direction]) {
    return [
      {
        path: `${at}.direction`,
        rule: 'supportedDirection',
        message: `the connector does not ${target.direction} ${target.module}`,
        received: target.direction,
      },
    ];
  }
  if (target.direction === 'pull' && !/^[1-9]\d{0,15}$/.test(target.recordId)) {
    return [
      {
        path: `${at}.recordId`,
        rule: 'connectwiseId',
        message: 'must be the ConnectWise id (a positive whole number) for a pull',
        received: target.recordId,
      },
    ];
  }
  return [];
}
