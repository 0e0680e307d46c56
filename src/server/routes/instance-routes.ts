import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  openInstanceClient,
  effectiveServerVariables,
  effectiveSyncOptions,
  instanceInputSchema,
  listLookupOptions,
  listServerVariableOptions,
  serverVariableOf,
  testInstanceConnection,
  type InstanceChanges,
  type InstanceRepository,
} from '../../instances/index.js';
import { abilities, type Ability } from '../../instances/instance-settings.js';
import type { ConnectorDefinition } from '../../engine/index.js';
import { errorBody, errorResponses } from '../response-schemas.js';
import { ConnectorApiError, parseBody, requireInstance } from './connector-requests.js';
import { parseRequestPart } from './record-routes.js';
import { describeLookups, lookupDescriptionSchema } from './describe-lookups.js';

export interface InstanceRoutesOptions {
  instances: InstanceRepository;
  definition: ConnectorDefinition;
}

const tags = ['connector instances'];
const base = '/api/v1/instances';

export const instanceParams = z.object({
  id: z.string().min(1).max(100).describe('The instance id (or its name).'),
});

export const instanceSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    siteUrl: z.string(),
    companyId: z.string(),
    clientId: z.string(),
    apiVersion: z.string(),
    serverVariables: z
      .record(z.string(), z.union([z.number(), z.string()]))
      .describe('The overrides; the rest take the definition defaults (see /settings).'),
    syncOptions: z
      .record(z.string(), z.boolean())
      .describe('The switches overridden, `<module>.<push|pull>.<ability>`.'),
    mappingOverrides: z
      .record(z.string(), z.string().nullable())
      .describe('The customised mapping: `<module>.<push|pull>.<field>` → JSONata, or null (left out).'),
    enabled: z.boolean(),
    hasKeys: z.boolean().describe('The keys themselves are write-only: never returned.'),
    publicKeyHint: z.string().describe('The last 4 characters of the public key, e.g. `••••a1b2`.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('A connector instance: one ConnectWise tenant.');

const { apiVersion, serverVariables, syncOptions, mappingOverrides, enabled, ...requiredFields } =
  instanceInputSchema.shape;

const newInstanceBody = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,62}$/,
      'must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit',
    )
    .optional()
    .describe('Default: made from the name. Never changes; the BSS sees it in integrationIds.'),
  ...requiredFields,
  apiVersion,
  serverVariables,
  syncOptions,
  mappingOverrides,
  enabled,
});

/** PATCH is a JSON Merge Patch: fields left out stay; in the two maps, `null` puts a value back to its default. */
const instancePatchBody = z.strictObject({
  name: requiredFields.name.optional(),
  siteUrl: requiredFields.siteUrl.optional(),
  companyId: requiredFields.companyId.optional(),
  publicKey: requiredFields.publicKey.optional().describe('Replaces the stored key.'),
  privateKey: requiredFields.privateKey.optional().describe('Replaces the stored key.'),
  clientId: requiredFields.clientId.optional(),
  apiVersion: apiVersion.unwrap().optional(),
  serverVariables: z
    .record(z.string(), z.union([z.number(), z.string(), z.null()]))
    .optional()
    .describe('Merged into the overrides; null removes one (back to the default).'),
  syncOptions: z
    .record(z.string(), z.boolean().nullable())
    .optional()
    .describe('Merged into the switches; null removes one (back to the documented matrix).'),
  mappingOverrides: mappingOverrides
    .unwrap()
    .optional()
    .describe(
      'Replaces the whole customised mapping (null there means "leave the field out"); {} resets it.',
    ),
  enabled: z.boolean().optional(),
});

const connectionTestBody = z
  .strictObject({
    codebase: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'must be a codebase such as v2025_1')
      .optional()
      .describe('Use this codebase instead of the one companyinfo reports.'),
    checkWrite: z
      .boolean()
      .default(true)
      .describe('Also check the right to add companies (an empty POST that ConnectWise refuses).'),
  })
  .optional();

const connectionTestResult = z.object({
  ok: z.boolean(),
  problem: z
    .enum([
      'invalid-settings',
      'unreachable',
      'not-connectwise',
      'unknown-company',
      'bad-keys',
      'client-id',
      'no-permission',
      'wrong-codebase',
      'unexpected',
    ])
    .optional()
    .describe('What is wrong, when ok is false.'),
  message: z.string().describe('One sentence to act on.'),
  origin: z.string().optional(),
  codebase: z.string().optional(),
  apiVersion: z.string(),
  serverApiVersion: z.string().optional(),
  checks: z.array(
    z.object({ name: z.enum(['companyinfo', 'read', 'write']), ok: z.boolean(), message: z.string() }),
  ),
});

const lookupOptionsParams = instanceParams.extend({ lookup: z.string().min(1).max(100) });
const variableOptionsParams = instanceParams.extend({ variable: z.string().min(1).max(100) });

const settingsSchema = z.object({
  instanceId: z.string(),
  serverVariables: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      description: z.string(),
      modules: z.array(z.string()),
      type: z.enum(['integer', 'string']),
      enum: z.array(z.string()).optional(),
      connectwiseResource: z.string().optional(),
      default: z.union([z.number(), z.string()]),
      value: z.union([z.number(), z.string()]).describe('The effective value.'),
      overridden: z.boolean(),
    }),
  ),
  syncOptions: z.array(
    z.object({
      module: z.string(),
      label: z.string(),
      abilities: z.array(
        z.object({
          ability: z.enum(abilities),
          supported: z.boolean().describe('The connector can do it.'),
          on: z.boolean().describe('Supported and not switched off on this instance.'),
          overridden: z.boolean(),
        }),
      ),
    }),
  ),
  lookups: z.array(lookupDescriptionSchema).describe('The synchronization lookups the connector declares.'),
});

/** Instances: list, create, read, change, remove, test the connection, lookup options and settings. */
export function registerInstanceRoutes(
  app: FastifyInstance,
  { instances, definition }: InstanceRoutesOptions,
): void {
  const instanceId = (params: unknown) => parseRequestPart(instanceParams, params, 'the path').id;

  async function assertFree(name: string, id: string | undefined, exceptId?: string): Promise<void> {
    const all = await instances.list();
    const named = all.find((instance) => instance.name === name && instance.id !== exceptId);
    if (named) {
      throw new ConnectorApiError(
        409,
        'instance_exists',
        `an instance named "${name}" already exists (${named.id})`,
        {
          field: 'name',
        },
      );
    }
    if (id !== undefined && all.some((instance) => instance.id === id)) {
      throw new ConnectorApiError(409, 'instance_exists', `an instance with id "${id}" already exists`, {
        field: 'id',
      });
    }
  }

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List the connector instances (never their keys)',
        operationId: 'list-instances',
        response: { 200: z.object({ items: z.array(instanceSummarySchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await instances.list() }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a connector instance (the keys are stored encrypted and never returned)',
        operationId: 'create-instance',
        body: newInstanceBody,
        response: { 201: instanceSummarySchema, 409: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const input = parseBody(newInstanceBody, request.body);
      await assertFree(input.name, input.id);
      const created = await instances.create(input);
      return reply.status(201).header('location', `${base}/${created.id}`).send(created);
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One connector instance',
        operationId: 'get-instance',
        params: instanceParams,
        response: { 200: instanceSummarySchema, 404: errorBody, ...errorResponses },
      },
    },
    async (request) => requireInstance(instances, instanceId(request.params)),
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change an instance (JSON Merge Patch: only the fields given change)',
        operationId: 'patch-instance',
        params: instanceParams,
        body: instancePatchBody,
        response: { 200: instanceSummarySchema, 404: errorBody, 409: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const current = await requireInstance(instances, instanceId(request.params));
      const patch = parseBody(instancePatchBody, request.body);
      if (patch.name !== undefined) await assertFree(patch.name, undefined, current.id);
      const { serverVariables: variables, syncOptions: switches, ...fields } = patch;
      const changes: InstanceChanges = {
        ...fields,
        ...(variables !== undefined
          ? { serverVariables: mergePatch(current.serverVariables, variables) }
          : {}),
        ...(switches !== undefined ? { syncOptions: mergePatch(current.syncOptions, switches) } : {}),
      };
      return instances.update(current.id, changes);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Remove an instance with its lookups and links (the records’ integrationIds for it)',
        operationId: 'delete-instance',
        params: instanceParams,
        response: { 204: z.null().describe('Removed.'), 404: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const current = await requireInstance(instances, instanceId(request.params));
      await instances.remove(current.id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${base}/:id/test-connection`,
    {
      schema: {
        tags,
        summary: 'Test the connection: site, company, codebase, keys, clientId and the API member’s rights',
        description: 'Answers 200 with `ok: false` and the problem when ConnectWise refuses.',
        operationId: 'test-instance-connection',
        params: instanceParams,
        body: connectionTestBody,
        response: { 200: connectionTestResult, 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const current = await requireInstance(instances, instanceId(request.params));
      const options = parseBody(connectionTestBody, request.body) ?? { checkWrite: true };
      const credentials = await instances.credentialsOf(current.id);
      return testInstanceConnection(credentials, {
        ...(options.codebase !== undefined ? { codebase: options.codebase } : {}),
        checkWrite: options.checkWrite,
      });
    },
  );

  app.get(
    `${base}/:id/lookup-options/:lookup`,
    {
      schema: {
        tags,
        summary: 'The ConnectWise values a lookup can map to, for a picker',
        operationId: 'list-lookup-options',
        params: lookupOptionsParams,
        response: {
          200: z.object({
            lookup: z.string(),
            connectwiseValue: z
              .enum(['id', 'text'])
              .describe('id: pick one of the items; text: type a value (the items are suggestions)'),
            maxLength: z.number().int().optional(),
            items: z.array(z.object({ integrationId: z.string(), label: z.string() })),
          }),
          404: errorBody,
          422: errorBody,
          502: errorBody.describe('ConnectWise could not be reached or refused.'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const params = parseRequestPart(lookupOptionsParams, request.params, 'the path');
      const current = await requireInstance(instances, params.id);
      const client = await openInstanceClient(instances, current.id, { codebase: 'discover' });
      try {
        return { lookup: params.lookup, ...(await listLookupOptions(client, definition, params.lookup)) };
      } finally {
        await client.close();
      }
    },
  );

  app.get(
    `${base}/:id/server-variable-options/:variable`,
    {
      schema: {
        tags,
        summary: 'The ConnectWise records a server variable can name, for a picker by name',
        description:
          'Empty for a variable that names no ConnectWise record (see connectwiseResource in /settings).',
        operationId: 'list-server-variable-options',
        params: variableOptionsParams,
        response: {
          200: z.object({
            variable: z.string(),
            items: z.array(z.object({ integrationId: z.string(), label: z.string() })),
          }),
          404: errorBody,
          422: errorBody,
          502: errorBody.describe('ConnectWise could not be reached or refused.'),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const params = parseRequestPart(variableOptionsParams, request.params, 'the path');
      const current = await requireInstance(instances, params.id);
      if (serverVariableOf(definition, params.variable).connectwiseResource === undefined)
        return { variable: params.variable, items: [] };
      const client = await openInstanceClient(instances, current.id, { codebase: 'discover' });
      try {
        return {
          variable: params.variable,
          items: await listServerVariableOptions(client, definition, params.variable),
        };
      } finally {
        await client.close();
      }
    },
  );

  app.get(
    `${base}/:id/settings`,
    {
      schema: {
        tags,
        summary:
          'Server variables (definition, default, effective value) and the synchronization options matrix',
        operationId: 'get-instance-settings',
        params: instanceParams,
        response: { 200: settingsSchema, 404: errorBody, ...errorResponses },
      },
    },
    async (request) => {
      const current = await requireInstance(instances, instanceId(request.params));
      return describeSettings(definition, current.id, current.serverVariables, current.syncOptions);
    },
  );
}

/** RFC 7386 on a flat map: a value replaces, null removes. */
function mergePatch<T>(current: Record<string, T>, patch: Record<string, T | null>): Record<string, T> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** The instance's settings next to the definition's: what each variable and switch is, and what holds now. */
function describeSettings(
  definition: ConnectorDefinition,
  instanceId: string,
  variableOverrides: Record<string, number | string>,
  switchOverrides: Record<string, boolean>,
): z.infer<typeof settingsSchema> {
  const values = effectiveServerVariables(definition, variableOverrides);
  const matrix = effectiveSyncOptions(definition, switchOverrides);
  return {
    instanceId,
    serverVariables: Object.entries(definition.serverVariables).map(([name, variable]) => ({
      name,
      label: variable.label,
      description: variable.description,
      modules: variable.modules,
      type: variable.type,
      ...(variable.enum ? { enum: variable.enum } : {}),
      ...(variable.connectwiseResource ? { connectwiseResource: variable.connectwiseResource } : {}),
      default: variable.default,
      value: values[name] ?? variable.default,
      overridden: name in variableOverrides,
    })),
    syncOptions: Object.entries(definition.modules).map(([moduleName, module]) => ({
      module: moduleName,
      label: module.label,
      abilities: Object.entries(matrix[moduleName] ?? {}).map(([ability, on]) => {
        const [direction, action] = ability.split('.') as ['push' | 'pull', string];
        return {
          ability: ability as Ability,
          supported: Boolean((module.abilities[direction] as Record<string, boolean>)[action]),
          on,
          overridden: `${moduleName}.${ability}` in switchOverrides,
        };
      }),
    })),
    lookups: describeLookups(definition),
  };
}
