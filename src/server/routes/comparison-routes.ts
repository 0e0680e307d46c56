import { isPlainObject } from '../../shared/index.js';
import type { FastifyInstance } from 'fastify';
import { resourcePath } from '../../engine/push/resource-path.js';
import { z } from 'zod';
import { isEntityName } from '../../bss/records/index.js';
import type { RecordStore } from '../../bss/store/index.js';
import { sameMappedValue } from '../../engine/compare/deep-equal.js';
import type { CompiledConnector, CompiledModule } from '../../engine/definition/load-definition.js';
import type { ConnectWiseRecord, SyncLink } from '../../engine/ports.js';
import type { InstanceRepository } from '../../instances/index.js';
import { previewPush, type PushPreview, type SyncService } from '../../sync/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, requireInstance, validationFailed } from './connector-requests.js';
import { parseRequestPart } from './record-routes.js';
import { checkModule } from './report-routes.js';

export interface ComparisonRoutesOptions {
  store: Pick<RecordStore, 'get'>;
  connector: CompiledConnector;
  instances: InstanceRepository;
  sync: Pick<SyncService, 'runtimes'>;
}

const comparisonParams = z.object({
  module: z.string().min(1).max(100).describe('A connector module, e.g. accounts.'),
  recordId: z.string().min(1).max(200).describe('The BSS id.'),
});
const comparisonQuery = z.strictObject({
  instance: z.string().min(1).max(100).describe('The instance id or name.'),
});

const previewWrite = z.object({
  to: z.literal('connectwise'),
  method: z.enum(['POST', 'PATCH', 'DELETE']),
  path: z.string().describe('Below the API root, e.g. company/companies/250.'),
  body: z.record(z.string(), z.unknown()).optional().describe('POST: the record it would create.'),
  operations: z
    .array(
      z.object({ op: z.enum(['add', 'replace', 'remove']), path: z.string(), value: z.unknown().optional() }),
    )
    .optional()
    .describe('PATCH: the JSON Patch it would send.'),
});

const fieldComparison = z.object({
  field: z.string().describe('The ConnectWise field the mapping writes.'),
  source: z.string().describe('What the documentation names as its BSS source.'),
  mapped: z.unknown().describe('The BSS side, mapped as a push would write it.'),
  connectwise: z.unknown().describe('What ConnectWise holds now.'),
  lastPushed: z.unknown().describe('What cwsync last wrote (or read when it linked).'),
  same: z.boolean(),
  createOnly: z.boolean().describe('Written on create only: a difference here is never pushed.'),
});

const comparisonSchema = z.object({
  instanceId: z.string(),
  module: z.string(),
  recordId: z.string(),
  connectwiseId: z.number().nullable().describe('null when the record is not linked.'),
  bss: z.record(z.string(), z.unknown()).describe('The BSS record.'),
  connectwise: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('The ConnectWise record, read now; null when unlinked or gone from ConnectWise.'),
  preview: z.object({
    outcome: z.string().describe('What a push would do now: created, updated, linked, unchanged, failed, …'),
    message: z.string().optional().describe('Why it would fail, wait or skip.'),
    field: z.string().optional(),
    writes: z.array(previewWrite).describe('The calls it would make; a record it would create has id -1.'),
  }),
  fields: z.array(fieldComparison),
  differences: z.number().describe('How many mapped fields differ.'),
});

/**
 * `GET /api/v1/records/:module/:recordId/comparison?instance=`: a record's BSS side, its ConnectWise side (read
 * now through the instance's client) and, field by field, the mapped BSS values next to ConnectWise's.
 */
export function registerComparisonRoutes(app: FastifyInstance, options: ComparisonRoutesOptions): void {
  app.get(
    '/api/v1/records/:module/:recordId/comparison',
    {
      schema: {
        tags: ['connector report'],
        summary: 'A record’s BSS side, its ConnectWise side and the field-level difference',
        operationId: 'compare-record',
        params: comparisonParams,
        querystring: comparisonQuery,
        response: {
          200: comparisonSchema,
          404: errorBody,
          409: errorBody,
          502: errorBody,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const params = parseRequestPart(comparisonParams, request.params, 'the path');
      const query = parseRequestPart(comparisonQuery, request.query, 'this query');
      const module = requirePushModule(options.connector, params.module);
      const instance = await requireInstance(options.instances, query.instance);
      const entity = module.definition.bssEntity;
      const record = isEntityName(entity) ? await options.store.get(entity, params.recordId) : undefined;
      if (!record) {
        throw new ConnectorApiError(404, 'not_found', `${entity} ${params.recordId} does not exist`, {
          entity,
          id: params.recordId,
        });
      }
      const runtime = await options.sync.runtimes.get(instance.id);

      const link = await runtime.links.find(instance.id, params.module, params.recordId);
      const held = link
        ? await runtime.client
            // a record under a parent (a payment under its invoice) is read under the parent it was made in
            .resource<ConnectWiseRecord>(
              resourcePath(module.definition.connectwise.resource, link.pushedBody),
            )
            .find(link.connectwiseId)
        : undefined;
      const preview = await previewPush(runtime, params.module, params.recordId);
      // The instance's own mapping, customised fields included.
      const mapping = runtime.connector.modules.get(params.module) ?? module;
      const fields = compareFields(mapping, mappedBody(preview), held, link);
      return {
        instanceId: instance.id,
        module: params.module,
        recordId: params.recordId,
        connectwiseId: link?.connectwiseId ?? null,
        bss: record,
        connectwise: held ?? null,
        preview: describePreview(preview),
        fields,
        differences: fields.filter((field) => !field.same).length,
      };
    },
  );
}

/** The module named in the path, when the connector pushes it; otherwise a 400 naming the field. */
function requirePushModule(connector: CompiledConnector, name: string): CompiledModule {
  const issues = checkModule(connector, name, 'module');
  const module = connector.modules.get(name);
  if (module?.push) return module;
  if (module) {
    issues.push({
      path: 'module',
      rule: 'supportedDirection',
      message: `the connector does not push ${name}`,
      received: name,
    });
  }
  throw validationFailed(issues);
}

/** The body the push would write: the create's own body (before any follow-up), or the mapped body. */
function mappedBody(preview: PushPreview): Record<string, unknown> | undefined {
  const created = preview.writes.find((write) => write.method === 'POST');
  if (preview.outcome.outcome === 'created' && created?.method === 'POST') return created.body;
  return 'body' in preview.outcome ? preview.outcome.body : undefined;
}

function describePreview(preview: PushPreview): z.infer<typeof comparisonSchema>['preview'] {
  const { outcome } = preview;
  const writes = preview.writes;
  switch (outcome.outcome) {
    case 'failed':
      return {
        outcome: outcome.outcome,
        message: outcome.failure.message,
        ...(outcome.failure.field !== undefined ? { field: outcome.failure.field } : {}),
        writes,
      };
    case 'skipped':
      return { outcome: outcome.outcome, message: outcome.reason, writes };
    case 'waiting':
      return {
        outcome: outcome.outcome,
        message: `waiting for ${outcome.dependencies.map((dependency) => `${dependency.module} ${dependency.recordId}`).join(', ')}`,
        writes,
      };
    case 'ambiguous':
      return {
        outcome: outcome.outcome,
        message: `${outcome.candidates.length} ConnectWise records match (${outcome.rule}): ${outcome.candidates.join(', ')}`,
        writes,
      };
    default:
      return { outcome: outcome.outcome, writes };
  }
}

/** Each mapped field, in the definition's order: the mapped BSS value, ConnectWise's, and whether they agree. */
function compareFields(
  module: CompiledModule,
  mapped: Record<string, unknown> | undefined,
  held: ConnectWiseRecord | undefined,
  link: SyncLink | undefined,
): Array<z.infer<typeof fieldComparison>> {
  if (mapped === undefined) return [];
  return module.push!.fields.map((field) => ({
    field: field.target,
    source: field.source,
    mapped: mapped[field.target] ?? null,
    connectwise: held?.[field.target] ?? null,
    lastPushed: link?.pushedBody[field.target] ?? null,
    same: holdsMapped(mapped[field.target], held?.[field.target]),
    createOnly: field.createOnly,
  }));
}

/**
 * Whether ConnectWise holds what the mapping writes: ConnectWise decorates what it stores (names beside ids,
 * ids on communication items, `_info`), so only the parts the mapping writes are compared.
 */
function holdsMapped(mapped: unknown, held: unknown): boolean {
  if (sameMappedValue(mapped, held)) return true;
  if (Array.isArray(mapped) && Array.isArray(held)) {
    return mapped.length === held.length && mapped.every((item, index) => holdsMapped(item, held[index]));
  }
  if (isPlainObject(mapped) && isPlainObject(held)) {
    return Object.entries(mapped).every(([key, value]) => holdsMapped(value, held[key]));
  }
  return false;
}
