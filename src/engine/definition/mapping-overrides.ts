import type { ValidationIssue } from '../../errors/index.js';
import { z } from 'zod';
import { DefinitionError } from './compile-expression.js';
import { compileConnectorDefinition, type CompiledConnector } from './load-definition.js';
import type { ConnectorDefinition } from './schema.js';

const overrideKey = /^([A-Za-z][\w-]*)\.(push|pull)\.(.+)$/;

/**
 * An instance's customised mapping: `<module>.<push|pull>.<target field>` → a JSONata expression over the
 * same input as the definition's own (replacing the field's expression, or adding a field), or `null` to
 * leave a field out. Everything else — dependencies, lookups, actions — stays the connector's.
 */
export const mappingOverridesSchema = z.record(
  z.string().regex(overrideKey, 'must be <module>.<push|pull>.<target field>'),
  z.string().trim().min(1, 'must be a JSONata expression, or null to leave the field out').nullable(),
);
export type MappingOverrides = z.infer<typeof mappingOverridesSchema>;

/** The definition with the overrides applied; throws DefinitionError naming the override that cannot apply. */
export function applyMappingOverrides(
  definition: ConnectorDefinition,
  overrides: MappingOverrides,
): ConnectorDefinition {
  const customised = structuredClone(definition);
  for (const [key, expression] of Object.entries(overrides)) {
    const [, moduleName, directionName, target] = overrideKey.exec(key) ?? [];
    const at = `mappingOverrides.${key}`;
    const module = moduleName ? customised.modules[moduleName] : undefined;
    if (!module) {
      throw new DefinitionError(
        at,
        `the connector has no module "${moduleName}" (it has ${Object.keys(customised.modules).join(', ')})`,
      );
    }
    const direction = module[directionName as 'push' | 'pull'];
    if (!direction) throw new DefinitionError(at, `the connector does not ${directionName} ${moduleName}`);
    const index = direction.fields.findIndex((field) => field.target === target);
    if (expression === null) {
      if (index < 0)
        throw new DefinitionError(
          at,
          `${moduleName} ${directionName} maps no field "${target}" to leave out`,
        );
      direction.fields.splice(index, 1);
    } else if (index >= 0) {
      direction.fields[index] = {
        ...direction.fields[index]!,
        expression,
        basis: 'inferred',
        note: 'customised for this instance',
      };
    } else {
      direction.fields.push({
        target: target!,
        source: 'customised for this instance',
        expression,
        basis: 'inferred',
        createOnly: false,
        compare: true,
        keepAsWritten: false,
      });
    }
  }
  return customised;
}

/** Every problem with an instance's overrides, each naming its key: unknown module or field, bad JSONata. */
export function checkMappingOverrides(
  definition: ConnectorDefinition,
  overrides: MappingOverrides,
): ValidationIssue[] {
  const problems: ValidationIssue[] = [];
  for (const [key, expression] of Object.entries(overrides)) {
    try {
      compileConnectorDefinition(applyMappingOverrides(definition, { [key]: expression }));
    } catch (error) {
      problems.push({
        path: `mappingOverrides.${key}`,
        rule: 'mappingOverride',
        message: error instanceof DefinitionError ? describe(error) : (error as Error).message,
      });
    }
  }
  return problems;
}

/** The connector an instance syncs with: the shared one, or its customised copy (compiled once per change). */
export function connectorWithOverrides(
  base: CompiledConnector,
  overrides: MappingOverrides,
): CompiledConnector {
  if (Object.keys(overrides).length === 0) return base;
  return compileConnectorDefinition(applyMappingOverrides(base.definition, overrides));
}

function describe(error: DefinitionError): string {
  // The location is given by the key already; keep the rule and what JSONata said.
  return error.message.replace(/^mappingOverrides\.[^:]+:\s*/, '');
}
