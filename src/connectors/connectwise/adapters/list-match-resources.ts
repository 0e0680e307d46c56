import { type CompiledConnector, hasParentPath } from '../../../engine/index.js';

/** A ConnectWise resource the match index reads once per run, and the fields its match rules compare. */
export interface MatchIndexResource {
  /** below `/apis/3.0`, e.g. `company/companies` */
  resource: string;
  /** e.g. `{ field: 'identifier', child: false }`, `{ field: 'communicationItems/value', child: true }` */
  fields: ReadonlyArray<{ field: string; child: boolean }>;
}

/**
 * The resources the connector's push match rules look in, with every field those rules compare; the
 * `only` modules when given (e.g. accounts and contacts), else every module that pushes.
 */
export function listMatchResources(
  connector: CompiledConnector,
  only?: readonly string[],
): MatchIndexResource[] {
  const byResource = new Map<string, Map<string, { field: string; child: boolean }>>();
  for (const module of connector.modules.values()) {
    if (!module.push || module.matchRules.length === 0) continue;
    // a resource under a parent cannot be listed whole: such a module looks its candidates up per record
    if (hasParentPath(module.definition.connectwise.resource)) continue;
    if (only && !only.includes(module.name)) continue;
    const resource = module.definition.connectwise.resource;
    const fields = byResource.get(resource) ?? new Map<string, { field: string; child: boolean }>();
    byResource.set(resource, fields);
    for (const rule of module.matchRules) {
      for (const condition of rule.conditions) {
        const field = condition.connectwiseField;
        fields.set(`${field.toLowerCase()}|${condition.child}`, { field, child: condition.child });
      }
    }
  }
  return [...byResource].map(([resource, fields]) => ({ resource, fields: [...fields.values()] }));
}
