import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import type { CompiledConnector } from '../../engine/index.js';
import type { InstanceRepository } from '../../instances/index.js';
import { readRecordStory } from '../../report/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { requireInstance, validationFailed } from './connector-requests.js';
import { parseRequestPart } from './record-routes.js';
import { checkModule } from './report-routes.js';

export interface RecordStoryRoutesOptions {
  db: Kysely<Database>;
  instances: InstanceRepository;
  connector: CompiledConnector;
}

const storyParams = z.object({
  module: z.string().min(1).max(100),
  id: z.string().min(1).max(200).describe('The BSS id of the record.'),
});
const storyQuery = z.strictObject({
  instance: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Only this instance (id or name); every one when left out.'),
});

/** A record's story: every change the database still knows of, on both sides, newest first. */
export function registerRecordStoryRoutes(app: FastifyInstance, options: RecordStoryRoutesOptions): void {
  app.get(
    '/api/v1/records/:module/:id/history',
    {
      schema: {
        tags: ['connector report'],
        summary: "A record's story: BSS writes, pulls, runs, its link and last write, its report entry",
        description: 'Newest first; `cannotShow` says what the database does not keep.',
        operationId: 'get-record-history',
        params: storyParams,
        querystring: storyQuery,
        response: {
          200: z.object({
            module: z.string(),
            recordId: z.string(),
            events: z.array(z.record(z.string(), z.unknown())),
            cannotShow: z.array(z.string()),
          }),
          404: errorBody,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const params = parseRequestPart(storyParams, request.params, 'the path');
      const query = parseRequestPart(storyQuery, request.query, 'this query');
      const issues = checkModule(options.connector, params.module, 'module');
      if (issues.length > 0) throw validationFailed(issues);
      const instanceId =
        query.instance === undefined
          ? undefined
          : (await requireInstance(options.instances, query.instance)).id;
      return readRecordStory(options.db, {
        module: params.module,
        entity: options.connector.modules.get(params.module)!.definition.bssEntity,
        recordId: params.id,
        ...(instanceId !== undefined ? { instanceId } : {}),
      });
    },
  );
}
