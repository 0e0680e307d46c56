import { describeZodError } from '../../errors/index.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compileExpression, DefinitionError, type CompiledExpression } from './compile-expression.js';
import { compileDirection, type CompiledDirection } from './compile-mapping.js';
import { connectorDefinitionSchema, type ConnectorDefinition, type ModuleDefinition } from './schema.js';

export interface CompiledModule {
  name: string;
  definition: ModuleDefinition;
  push?: CompiledDirection;
  pull?: CompiledDirection;
  dependencyIds: Array<{
    as: string;
    module: string;
    order: 'before' | 'after';
    many: boolean;
    of?: string;
    recordId: CompiledExpression;
    connectwiseId?: CompiledExpression;
    orFind?: Array<[string, CompiledExpression]>;
    pushAgainWhen?: CompiledExpression;
    pushAgainUnlessWritten?: string;
  }>;
  lookupIds: Array<{
    as: string;
    lookup: string;
    required: boolean;
    missingMessage: string;
    internalId: CompiledExpression;
    integrationId?: CompiledExpression;
  }>;
  preconditions: Array<{ message: string; check: CompiledExpression }>;
  matchRules: Array<{
    description: string;
    requireUnique: boolean;
    when: 'always' | 'afterUnsettledCreate';
    reviewWhenDiffers: string[];
    adoptWhen?: CompiledExpression;
    conditions: Array<{
      connectwiseField: string;
      child: boolean;
      date: boolean;
      customField?: string;
      of: 'body' | 'record';
      value: CompiledExpression;
    }>;
  }>;
}

export interface CompiledConnector {
  definition: ConnectorDefinition;
  modules: Map<string, CompiledModule>;
}

/**
 * Reads a connector's connector.yaml and modules/*.yaml (one module per file, named by the file), validates,
 * compiles. The connector says where its definition lives (src/connectors/connectwise/definition.ts).
 */
export async function loadConnectorDefinition(directory: string): Promise<CompiledConnector> {
  const raw = parseYaml(await readFile(path.join(directory, 'connector.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const modulesDirectory = path.join(directory, 'modules');
  const names = (await readdir(modulesDirectory))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''));
  // The modules in the order connector.yaml lists them (how the docs and the dashboard show them), then the rest.
  const listed = Array.isArray(raw.moduleOrder) ? raw.moduleOrder.map(String) : [];
  const unknown = listed.filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new DefinitionError('moduleOrder', `lists ${unknown.join(', ')}, which modules/ has no file for`);
  const ordered = [...listed, ...names.filter((name) => !listed.includes(name)).sort()];
  const modules: Record<string, unknown> = {};
  for (const name of ordered) {
    modules[name] = parseYaml(await readFile(path.join(modulesDirectory, `${name}.yaml`), 'utf8'));
  }
  const { moduleOrder: _order, ...definition } = raw;
  return compileConnectorDefinition({ ...definition, modules });
}

/** Validates a definition document (as loaded, or as customised for one instance) and compiles it. */
export function compileConnectorDefinition(document: unknown): CompiledConnector {
  const parsed = connectorDefinitionSchema.safeParse(document);
  if (!parsed.success)
    throw new DefinitionError('connector definition', describeZodError(parsed.error, '(root)'));
  const definition = parsed.data;
  const modules = new Map<string, CompiledModule>();
  for (const [name, module] of Object.entries(definition.modules)) {
    const at = `modules.${name}`;
    modules.set(name, {
      name,
      definition: module,
      push: module.push ? compileDirection(module.push, `${at}.push`) : undefined,
      pull: module.pull ? compileDirection(module.pull, `${at}.pull`) : undefined,
      dependencyIds: module.dependencies.map((dependency) => ({
        as: dependency.as,
        module: dependency.module,
        order: dependency.order,
        many: dependency.many,
        of: dependency.of,
        recordId: compileExpression(dependency.recordId, `${at}.dependencies.${dependency.as}.recordId`),
        connectwiseId: dependency.connectwiseId
          ? compileExpression(dependency.connectwiseId, `${at}.dependencies.${dependency.as}.connectwiseId`)
          : undefined,
        orFind: dependency.orFind
          ? Object.entries(dependency.orFind).map(
              ([path, value]) =>
                [path, compileExpression(value, `${at}.dependencies.${dependency.as}.orFind.${path}`)] as [
                  string,
                  CompiledExpression,
                ],
            )
          : undefined,
        pushAgainWhen: dependency.pushAgainWhen
          ? compileExpression(dependency.pushAgainWhen, `${at}.dependencies.${dependency.as}.pushAgainWhen`)
          : undefined,
        pushAgainUnlessWritten: dependency.pushAgainUnlessWritten,
      })),
      lookupIds: module.lookups.map((use) => ({
        as: use.as,
        lookup: use.lookup,
        required: use.required,
        missingMessage: use.missingMessage,
        internalId: compileExpression(use.internalId, `${at}.lookups.${use.as}.internalId`),
        integrationId: use.integrationId
          ? compileExpression(use.integrationId, `${at}.lookups.${use.as}.integrationId`)
          : undefined,
      })),
      preconditions: module.preconditions.map((precondition, index) => ({
        message: precondition.message,
        check: compileExpression(precondition.check, `${at}.preconditions[${index}].check`),
      })),
      matchRules: module.match.map((rule, index) => ({
        description: rule.description,
        requireUnique: rule.requireUnique,
        when: rule.when,
        reviewWhenDiffers: rule.reviewWhenDiffers,
        adoptWhen: rule.adoptWhen
          ? compileExpression(rule.adoptWhen, `${at}.match[${index}].adoptWhen`)
          : undefined,
        conditions: rule.conditions.map((condition) => ({
          connectwiseField: condition.connectwiseField,
          child: condition.child,
          date: condition.date,
          of: condition.of,
          ...(condition.customField !== undefined ? { customField: condition.customField } : {}),
          value: compileExpression(condition.value, `${at}.match[${index}].${condition.connectwiseField}`),
        })),
      })),
    });
  }
  return { definition, modules };
}
