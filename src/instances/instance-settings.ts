import type { ValidationIssue } from '../errors/index.js';
import { z } from 'zod';
import { checkMappingOverrides, mappingOverridesSchema, type ConnectorDefinition } from '../engine/index.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One ConnectWise tenant cwsync syncs with, as an operator enters it (keys in plain text, never stored so). */
export const instanceInputSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  siteUrl: z
    .string()
    .trim()
    .min(1, 'siteUrl is required: the ConnectWise site, e.g. na.myconnectwise.net')
    .max(255),
  companyId: z
    .string()
    .trim()
    .min(1, 'companyId is required: the company you log in to ConnectWise with')
    .max(100),
  publicKey: z.string().trim().min(1, 'publicKey is required (My Account → API Keys)').max(200),
  privateKey: z.string().trim().min(1, 'privateKey is required (My Account → API Keys)').max(200),
  clientId: z
    .string()
    .trim()
    .regex(guid, 'clientId must be the GUID issued at developer.connectwise.com/ClientID'),
  apiVersion: z.enum(['2022.1', '2025.8', '2026.4']).default('2022.1'),
  /** server variables the instance overrides; the rest take the definition's defaults */
  serverVariables: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
  /** `module.direction.ability` switches the instance overrides; the rest follow the documented matrix */
  syncOptions: z.record(z.string(), z.boolean()).default({}),
  /** the instance's customised mapping: `<module>.<push|pull>.<target>` → JSONata, or null to leave it out */
  mappingOverrides: mappingOverridesSchema.default({}),
  enabled: z.boolean().default(true),
});
export type InstanceInput = z.infer<typeof instanceInputSchema>;

export const lookupRowSchema = z.object({
  lookup: z.string().min(1),
  internalId: z.string().min(1),
  internalName: z.string().optional(),
  integrationId: z.string().min(1),
});
export type LookupRow = z.infer<typeof lookupRowSchema>;

export type Ability = 'push.create' | 'push.update' | 'push.delete' | 'pull.create' | 'pull.update';
export const abilities: Ability[] = [
  'push.create',
  'push.update',
  'push.delete',
  'pull.create',
  'pull.update',
];

/**
 * The synchronization options of an instance: each module × ability is on when the connector can do it and
 * the instance has not switched it off. An ability the connector lacks cannot be switched on.
 */
export function effectiveSyncOptions(
  definition: ConnectorDefinition,
  overrides: Record<string, boolean>,
): Record<string, Record<Ability, boolean>> {
  const options: Record<string, Record<Ability, boolean>> = {};
  for (const [moduleName, module] of Object.entries(definition.modules)) {
    const row = {} as Record<Ability, boolean>;
    for (const ability of abilities) {
      const [direction, action] = ability.split('.') as ['push' | 'pull', string];
      const supported = Boolean((module.abilities[direction] as Record<string, boolean>)[action]);
      row[ability] = supported && (overrides[`${moduleName}.${ability}`] ?? true);
    }
    options[moduleName] = row;
  }
  return options;
}

/** Checks overrides against the definition: unknown variables, wrong types, enum values, impossible switches. */
export function validateInstanceAgainstDefinition(
  input: InstanceInput,
  definition: ConnectorDefinition,
): ValidationIssue[] {
  const problems: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(input.serverVariables)) {
    const variable = definition.serverVariables[name];
    if (!variable) {
      problems.push({
        path: `serverVariables.${name}`,
        rule: 'knownServerVariable',
        message: 'the connector has no such server variable',
      });
      continue;
    }
    if (variable.type === 'integer' && !(typeof value === 'number' && Number.isInteger(value))) {
      problems.push({
        path: `serverVariables.${name}`,
        rule: 'integer',
        message: `must be a whole number (a ConnectWise id), got ${JSON.stringify(value)}`,
      });
    }
    if (variable.enum && !variable.enum.includes(String(value))) {
      problems.push({
        path: `serverVariables.${name}`,
        rule: 'enum',
        message: `must be one of ${variable.enum.join(', ')}, got ${JSON.stringify(value)}`,
      });
    }
  }
  for (const [key, on] of Object.entries(input.syncOptions)) {
    const [moduleName, direction, action] = key.split('.');
    const module = moduleName ? definition.modules[moduleName] : undefined;
    const ability = `${direction}.${action}` as Ability;
    if (!module || !abilities.includes(ability)) {
      problems.push({
        path: `syncOptions.${key}`,
        rule: 'knownAbility',
        message: 'expected <module>.<push|pull>.<ability> of a module the connector has',
      });
      continue;
    }
    const supported = Boolean(
      (module.abilities[direction as 'push' | 'pull'] as Record<string, boolean>)[action!],
    );
    if (on && !supported)
      problems.push({
        path: `syncOptions.${key}`,
        rule: 'supportedAbility',
        message: `the ConnectWise connector cannot ${direction} ${action} ${moduleName}`,
      });
  }
  problems.push(...checkMappingOverrides(definition, input.mappingOverrides));
  return problems;
}

/** Server variables with the instance's overrides over the definition's documented defaults. */
export function effectiveServerVariables(
  definition: ConnectorDefinition,
  overrides: Record<string, number | string>,
): Record<string, number | string> {
  const values: Record<string, number | string> = {};
  for (const [name, variable] of Object.entries(definition.serverVariables))
    values[name] = overrides[name] ?? variable.default;
  return values;
}
