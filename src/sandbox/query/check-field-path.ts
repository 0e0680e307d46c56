import type { FieldPath } from './ast.js';
import { shorten } from './describe-token.js';
import type { FieldCatalog, FieldKind } from './field-catalog.js';
import { infoFieldKinds, infoKey } from './info-fields.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';

export interface FieldPathRules {
  parameter: QueryParameter;
  /** conditions and orderBy cannot look inside an array; childConditions and fields can */
  mayCrossArrays: boolean;
}

/**
 * Rejects a path the catalog does not know (`_info/...` and lastUpdated, dateEntered, updatedBy,
 * enteredBy are on every record) and returns what is known of the field's kind.
 */
export function checkFieldPath(
  path: FieldPath,
  catalog: FieldCatalog | undefined,
  rules: FieldPathRules,
): FieldKind | undefined {
  const { segments } = path;
  const lower = segments.map((segment) => segment.toLowerCase());
  if (catalog === undefined) return describeInfoField(lower);
  if (catalog.hasPath(segments)) {
    if (!rules.mayCrossArrays) rejectArrayCrossing(path, catalog, rules.parameter);
    return catalog.kindOf?.(segments) ?? describeInfoField(lower);
  }
  const infoIndex = lower.lastIndexOf(infoKey);
  const owner = segments.slice(0, infoIndex === -1 ? -1 : infoIndex);
  const ownerIsKnown = owner.length === 0 || catalog.hasPath(owner);
  if (infoIndex === lower.length - 1 && ownerIsKnown) return 'reference';
  const isInfoField =
    infoIndex === -1 ? infoFieldKinds.has(lower[lower.length - 1]!) : infoIndex === lower.length - 2;
  if (isInfoField && ownerIsKnown) return describeInfoField(lower);
  throw new QuerySyntaxError(rules.parameter, `Unknown field "${shorten(path.text)}"`, path.position);
}

function describeInfoField(lower: string[]): FieldKind | undefined {
  const last = lower[lower.length - 1]!;
  return infoFieldKinds.get(last) ?? (lower[lower.length - 2] === infoKey ? 'string' : undefined);
}

function rejectArrayCrossing(path: FieldPath, catalog: FieldCatalog, parameter: QueryParameter): void {
  for (let length = 1; length < path.segments.length; length += 1) {
    const prefix = path.segments.slice(0, length);
    if (catalog.kindOf?.(prefix) !== 'array') continue;
    const arrayName = prefix.join('/');
    throw new QuerySyntaxError(
      parameter,
      `${shorten(arrayName)} is an array, so ${shorten(path.text)} is not one value (filter by its elements with childConditions)`,
      path.position,
    );
  }
}
