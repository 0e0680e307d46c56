import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConnectorDefinition } from '../../engine/index.js';
import { checkInstance, type InstanceRepository, type LookupRepository } from '../../instances/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { requireInstance } from './connector-requests.js';
import { instanceParams as params } from './instance-routes.js';
import { parseRequestPart } from './record-routes.js';

export interface InstanceCheckRouteOptions {
  instances: InstanceRepository;
  lookups: LookupRepository;
  definition: ConnectorDefinition;
}

export const instanceCheckResult = z.object({
  instanceId: z.string(),
  ok: z.boolean().describe('true when no line failed'),
  lines: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['ok', 'fail', 'skipped']),
      message: z.string(),
      fix: z.string().optional().describe('What to change so the line passes.'),
    }),
  ),
});

/** `POST /api/v1/instances/:id/check`: the tenant's readiness checklist (read-only; the instance may be off). */
export function registerInstanceCheckRoute(app: FastifyInstance, options: InstanceCheckRouteOptions): void {
  app.post(
    '/api/v1/instances/:id/check',
    {
      schema: {
        tags: ['connector instances'],
        summary: 'Check that the ConnectWise tenant is ready for cwsync',
        description:
          'Read-only: the connection, API version and codebase, the API member’s rights, read permission on every resource the enabled modules write, every server variable’s record, every lookup’s value, country and currency codes, custom fields ConnectWise requires. Answers 200 with `ok: false` and a fix per failed line.',
        operationId: 'check-instance',
        params,
        response: { 200: instanceCheckResult, 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = parseRequestPart(params, request.params, 'the path');
      const current = await requireInstance(options.instances, id);
      return checkInstance(options, current.id);
    },
  );
}
