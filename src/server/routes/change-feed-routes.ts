import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { entityNames } from '../../bss/records/index.js';
import { maxPageSize, type RecordStore } from '../../bss/store/index.js';
import { errorResponses } from '../response-schemas.js';
import { parseRequestPart } from './record-routes.js';

const changesQuery = z.strictObject({
  after: z
    .string()
    .optional()
    .describe('The nextCursor of the previous call; leave out to start at the beginning.'),
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(100),
  origin: z
    .enum(['pull', 'api', 'import', 'all'])
    .default('pull')
    .describe('pull (default): what cwsync brought from ConnectWise; all: every change.'),
});

const change = z.object({
  cursor: z.string(),
  entity: z.enum(entityNames),
  recordId: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  origin: z.enum(['api', 'import', 'pull']),
  version: z.int(),
  record: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('The record after the change; null when deleted.'),
  at: z.string(),
});

/** `GET /api/v1/changes`: what changed, in commit order, for a BSS to apply (and resume from its cursor). */
export function registerChangeFeedRoutes(app: FastifyInstance, store: RecordStore): void {
  app.get(
    '/api/v1/changes',
    {
      schema: {
        tags: ['changes'],
        summary: 'Changes after a cursor (by default those cwsync pulled from ConnectWise)',
        operationId: 'list-changes',
        querystring: changesQuery,
        response: {
          200: z.object({
            changes: z.array(change),
            nextCursor: z
              .string()
              .nullable()
              .describe(
                'Pass as `after` next time; unchanged when nothing is new, past the changes of other origins when some were left out.',
              ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = parseRequestPart(changesQuery, request.query, 'this query');
      return store.changesAfter(
        query.after ?? null,
        query.limit,
        query.origin === 'all' ? {} : { origin: query.origin },
      );
    },
  );
}
