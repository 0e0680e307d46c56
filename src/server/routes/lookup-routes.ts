import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isEntityName } from '../../bss/records/index.js';
import type { RecordStore } from '../../bss/store/index.js';
import type { ConnectorDefinition } from '../../engine/index.js';
import type { InstanceRepository, LookupRepository } from '../../instances/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, parseBody, requireInstance } from './connector-requests.js';
import { instanceParams } from './instance-routes.js';
import { parseRequestPart } from './record-routes.js';

export interface LookupRoutesOptions {
  instances: InstanceRepository;
  lookups: LookupRepository;
  definition: ConnectorDefinition;
  store: Pick<RecordStore, 'get'>;
}

const tags = ['connector instances'];
const base = '/api/v1/instances/:id/lookups';

const lookupRow = z.object({
  lookup: z.string(),
  internalId: z.string().describe('The BSS value: the id of the BSS lookup record.'),
  internalName: z.string().optional(),
  integrationId: z.string().describe('The ConnectWise value: its id.'),
});

const listQuery = z.strictObject({
  lookup: z.string().min(1).max(100).optional().describe('Only this lookup, e.g. Currency.'),
});

const rowParams = instanceParams.extend({
  lookup: z.string().min(1).max(100).describe('The lookup, e.g. AccountType.'),
  internalId: z.string().min(1).max(200).describe('The BSS value.'),
});

const rowBody = z.strictObject({
  integrationId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The ConnectWise value (see /lookup-options/{lookup}).'),
  internalName: z.string().trim().max(200).optional().describe('A name to show for the BSS value.'),
});

/** The synchronization lookups of an instance: list, set one (create or replace), remove one. */
export function registerLookupRoutes(app: FastifyInstance, options: LookupRoutesOptions): void {
  const { instances, lookups, definition } = options;

  const requireLookup = (lookup: string, path: string) => {
    const declared = definition.lookups[lookup];
    if (declared) return declared;
    const known = Object.keys(definition.lookups).join(', ');
    throw new ConnectorApiError(
      400,
      'validation_failed',
      `${path} "${lookup}" is not a lookup of the connector`,
      {
        issues: [
          {
            path,
            rule: 'knownLookup',
            message: `must be a lookup of the connector (${known})`,
            received: lookup,
          },
        ],
      },
    );
  };

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The synchronization lookups of an instance',
        operationId: 'list-instance-lookups',
        params: instanceParams,
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(lookupRow) }), 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = parseRequestPart(instanceParams, request.params, 'the path');
      const { lookup } = parseRequestPart(listQuery, request.query, 'this query');
      const instance = await requireInstance(instances, id);
      if (lookup !== undefined) requireLookup(lookup, 'lookup');
      return { items: await lookups.list(instance.id, lookup) };
    },
  );

  app.put(
    `${base}/:lookup/:internalId`,
    {
      schema: {
        tags,
        summary: 'Map one BSS value to one ConnectWise value (replaces an existing mapping of it)',
        operationId: 'put-instance-lookup',
        params: rowParams,
        body: rowBody,
        response: {
          200: lookupRow.describe('Replaced.'),
          201: lookupRow.describe('Created.'),
          404: errorBody,
          422: errorBody.describe('The BSS has no such lookup value.'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const params = parseRequestPart(rowParams, request.params, 'the path');
      const instance = await requireInstance(instances, params.id);
      const declared = requireLookup(params.lookup, 'lookup');
      const body = parseBody(rowBody, request.body);
      // A mapping of a BSS value that does not exist would never be used: most likely a typo.
      if (isEntityName(declared.bssEntity)) {
        const record = await options.store.get(declared.bssEntity, params.internalId);
        if (record === undefined) {
          throw new ConnectorApiError(
            422,
            'unknown_reference',
            `internalId "${params.internalId}" is not a BSS ${declared.bssEntity} record`,
            { references: [{ path: 'internalId', entity: declared.bssEntity, id: params.internalId }] },
          );
        }
      }
      const existed = (await lookups.list(instance.id, params.lookup)).some(
        (row) => row.internalId === params.internalId,
      );
      const row = {
        lookup: params.lookup,
        internalId: params.internalId,
        ...(body.internalName ? { internalName: body.internalName } : {}),
        integrationId: body.integrationId,
      };
      await lookups.set(instance.id, row);
      return reply.status(existed ? 200 : 201).send(row);
    },
  );

  app.delete(
    `${base}/:lookup/:internalId`,
    {
      schema: {
        tags,
        summary: 'Remove one mapping',
        operationId: 'delete-instance-lookup',
        params: rowParams,
        response: { 204: z.null().describe('Removed.'), 404: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const params = parseRequestPart(rowParams, request.params, 'the path');
      const instance = await requireInstance(instances, params.id);
      requireLookup(params.lookup, 'lookup');
      if (!(await lookups.remove(instance.id, params.lookup, params.internalId))) {
        throw new ConnectorApiError(
          404,
          'not_found',
          `${instance.id} has no ${params.lookup} mapping for "${params.internalId}"`,
        );
      }
      return reply.status(204).send();
    },
  );
}
