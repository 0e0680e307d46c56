import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConnectorDefinition, DirectionDefinition, FieldMapping } from '../../engine/index.js';
import { errorResponses } from '../response-schemas.js';
import { describeLookups, lookupDescriptionSchema } from './describe-lookups.js';

const fieldRow = z.object({
  source: z.string().describe('The source as the documentation names it.'),
  target: z.string().describe('The field written.'),
  basis: z.enum(['documented', 'inferred']),
  createOnly: z.boolean(),
  note: z.string().optional(),
  expression: z.string().describe('The JSONata that computes it.'),
});

const directionShape = z.object({
  fields: z.array(fieldRow),
  actions: z.array(z.string()).describe('Pre- and post-synchronization actions, in order.'),
  lines: z
    .array(z.object({ as: z.string(), fields: z.array(fieldRow) }))
    .describe('Item tables of the actions that write lines (one per item).'),
});

const definitionSchema = z.object({
  title: z.string(),
  version: z.string(),
  modules: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      bssEntity: z.string(),
      connectwise: z.object({ resource: z.string(), label: z.string() }),
      abilities: z.object({
        push: z.object({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
        pull: z.object({ create: z.boolean(), update: z.boolean() }),
      }),
      warnings: z.array(z.string()),
      notes: z.array(z.string()),
      push: directionShape.nullable(),
      pull: directionShape.nullable(),
    }),
  ),
  lookups: z.array(lookupDescriptionSchema),
});

/**
 * `GET /api/v1/connector`: the connector definition's modules and mapping tables as JSON, the same rows the
 * generated docs/connectwise-connector.md shows, for the dashboard's Mappings page.
 */
export function registerConnectorDefinitionRoute(
  app: FastifyInstance,
  definition: ConnectorDefinition,
): void {
  const body = describeDefinition(definition);
  app.get(
    '/api/v1/connector',
    {
      schema: {
        tags: ['connector instances'],
        summary: 'The connector definition: modules, abilities, lookups and the mapping tables',
        operationId: 'get-connector-definition',
        response: { 200: definitionSchema, ...errorResponses },
      },
    },
    async () => body,
  );
}

export function describeDefinition(definition: ConnectorDefinition): z.infer<typeof definitionSchema> {
  return {
    title: definition.title,
    version: definition.version,
    modules: Object.entries(definition.modules).map(([name, module]) => ({
      name,
      label: module.label,
      bssEntity: module.bssEntity,
      connectwise: { resource: module.connectwise.resource, label: module.connectwise.label },
      abilities: module.abilities,
      warnings: module.warnings,
      notes: module.notes,
      push: module.push ? describeDirection(module.push) : null,
      pull: module.pull ? describeDirection(module.pull) : null,
    })),
    lookups: describeLookups(definition),
  };
}

function describeDirection(direction: DirectionDefinition): z.infer<typeof directionShape> {
  return {
    fields: direction.fields.map(describeField),
    actions: [
      ...direction.preSync.map((action) => `Pre-synchronization — ${action.description}`),
      ...direction.postSync.map((action) => `Post-synchronization — ${action.description}`),
    ],
    lines: direction.postSync.flatMap((action) =>
      action.lines ? [{ as: action.as, fields: action.lines.fields.map(describeField) }] : [],
    ),
  };
}

function describeField(field: FieldMapping): z.infer<typeof fieldRow> {
  return {
    source: field.source,
    target: field.target,
    basis: field.basis,
    createOnly: field.createOnly,
    ...(field.note !== undefined ? { note: field.note } : {}),
    expression: field.expression,
  };
}
