/** Just enough of JSON Schema (as `z.toJSONSchema` writes it) to find what type a CSV column should carry. */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  prefixItems?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
}

/**
 * The schema branches a value at `path` may match (several when the field is a union), or `[]` when no field
 * lives there. Array indexes are plain numeric segments: `addresses.0.city` → ["addresses", "0", "city"].
 */
export function findSchemaAt(root: JsonSchemaNode, path: string[]): JsonSchemaNode[] {
  let candidates = expandBranches(root, root);
  for (const segment of path) {
    const next: JsonSchemaNode[] = [];
    for (const node of candidates) {
      const child = /^\d+$/.test(segment)
        ? (node.prefixItems?.[Number(segment)] ?? node.items)
        : node.properties?.[segment];
      if (child) next.push(...expandBranches(child, root));
    }
    candidates = next;
    if (candidates.length === 0) return [];
  }
  return candidates;
}

/** The primitive types (`string`, `number`, `boolean`, …) any of the branches accepts. */
export function typesOf(nodes: JsonSchemaNode[]): Set<string> {
  const types = new Set<string>();
  for (const node of nodes) {
    if (Array.isArray(node.type)) node.type.forEach((type) => types.add(type));
    else if (node.type) types.add(node.type);
  }
  return types;
}

function expandBranches(node: JsonSchemaNode, root: JsonSchemaNode, depth = 0): JsonSchemaNode[] {
  if (depth > 20) return [];
  if (node.$ref) {
    const target = resolveReference(node.$ref, root);
    return target ? expandBranches(target, root, depth + 1) : [];
  }
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  if (branches.length === 0) return [node];
  const own = node.type || node.properties || node.items ? [node] : [];
  return [...own, ...branches.flatMap((branch) => expandBranches(branch, root, depth + 1))];
}

function resolveReference(ref: string, root: JsonSchemaNode): JsonSchemaNode | undefined {
  if (ref === '#') return root;
  const match = /^#\/\$defs\/(.+)$/.exec(ref);
  return match ? root.$defs?.[decodeURIComponent(match[1] ?? '')] : undefined;
}

/** The field names an object at `path` may have (`[]` for the record itself). */
export function propertyNamesAt(root: JsonSchemaNode, path: string[]): string[] {
  return [...new Set(findSchemaAt(root, path).flatMap((node) => Object.keys(node.properties ?? {})))];
}
