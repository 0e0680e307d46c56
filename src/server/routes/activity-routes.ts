import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import type { InstanceRepository } from '../../instances/index.js';
import {
  activityRetentionMinutes,
  createActivityRepository,
  type ReportRepository,
} from '../../report/index.js';
import { sampleConnectWiseCalls } from '../../report/sample-connectwise-calls.js';
import type { SyncService } from '../../sync/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { requireInstance } from './connector-requests.js';
import { parseRequestPart } from './record-routes.js';

export interface ActivityRoutesOptions {
  db: Kysely<Database>;
  instances: InstanceRepository;
  /** with the sync in this process, its ConnectWise calls are sampled into the minutes */
  sync?: Pick<SyncService, 'runtimes'>;
  /** the report the sync in this process files outcomes in: its counts kept in memory are written first */
  reports?: Pick<ReportRepository, 'flushActivity'>;
}

const activityQuery = z.strictObject({
  instance: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('An instance id or name; every instance when left out.'),
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(activityRetentionMinutes)
    .default(60)
    .describe(`The last 1..${activityRetentionMinutes} minutes, default 60.`),
});

const minuteSchema = z.object({
  minute: z.string().describe('YYYY-MM-DDTHH:MM, UTC'),
  synced: z.number().describe('Records created, updated or linked, push and pull.'),
  failed: z.number(),
  waiting: z.number(),
  calls: z.number().describe('ConnectWise calls (of the processes that run the sync in the server).'),
  rateLimited: z.number().describe('429 answers among them.'),
});

/** The sync minute by minute — change-feed syncs, runs and pulls alike — for the overview's chart. */
export function registerActivityRoutes(app: FastifyInstance, options: ActivityRoutesOptions): void {
  const activity = createActivityRepository(options.db);
  const sync = options.sync;
  const sampler = sync && sampleConnectWiseCalls(() => sync.runtimes.connectwiseCounters(), activity);
  if (sampler) app.addHook('onClose', () => sampler.stop());

  app.get(
    '/api/v1/activity',
    {
      schema: {
        tags: ['connector report'],
        summary: 'Records synced, failed and waiting, ConnectWise calls and 429s, per minute',
        operationId: 'list-activity',
        querystring: activityQuery,
        response: { 200: z.object({ items: z.array(minuteSchema) }), 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const query = parseRequestPart(activityQuery, request.query, 'this query');
      await sampler?.sample(); // the calls up to now, not up to the last tick
      await options.reports?.flushActivity(); // the outcomes too, not up to the last second
      const instanceId =
        query.instance === undefined
          ? undefined
          : (await requireInstance(options.instances, query.instance)).id;
      return {
        items: await activity.series({
          minutes: query.minutes,
          ...(instanceId !== undefined ? { instanceId } : {}),
        }),
      };
    },
  );
}
