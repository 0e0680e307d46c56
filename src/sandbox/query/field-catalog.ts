/** What a field holds, as far as comparing it goes; `reference` is a nested object such as `company`. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'datetime' | 'reference' | 'array';

export interface FieldCatalog {
  /** true when `path` (array of segments, original case) names a field of the resource; may be case-insensitive */
  hasPath(segments: string[]): boolean;
  /**
   * Optional: the kind of the field at `path` (paths through an array name the element's fields,
   * e.g. ['communicationItems', 'value']). When given, comparing a reference or an array, or a value the
   * field cannot hold (`id > "abc"`), is rejected at compile time instead of simply not matching.
   */
  kindOf?(segments: string[]): FieldKind | undefined;
}

/**
 * The shape of a resource's records: a scalar kind, a nested shape (a reference or embedded object) or a
 * one-element array holding the shape of the array's elements.
 */
export interface FieldShape {
  [field: string]: Exclude<FieldKind, 'reference' | 'array'> | FieldShape | [FieldShape];
}

interface ShapeNode {
  kind: FieldKind;
  children?: Map<string, ShapeNode>;
}

/** A case-insensitive FieldCatalog over a declared record shape. */
export function createFieldCatalog(shape: FieldShape): FieldCatalog {
  const root = indexShape(shape);
  const find = (segments: string[]): ShapeNode | undefined => {
    let children: Map<string, ShapeNode> | undefined = root;
    let node: ShapeNode | undefined;
    for (const segment of segments) {
      node = children?.get(segment.toLowerCase());
      if (node === undefined) return undefined;
      children = node.children;
    }
    return node;
  };
  return {
    hasPath: (segments) => segments.length > 0 && find(segments) !== undefined,
    kindOf: (segments) => find(segments)?.kind,
  };
}

function indexShape(shape: FieldShape): Map<string, ShapeNode> {
  const index = new Map<string, ShapeNode>();
  for (const [name, entry] of Object.entries(shape)) {
    if (typeof entry === 'string') index.set(name.toLowerCase(), { kind: entry });
    else if (Array.isArray(entry))
      index.set(name.toLowerCase(), { kind: 'array', children: indexShape(entry[0]) });
    else index.set(name.toLowerCase(), { kind: 'reference', children: indexShape(entry) });
  }
  return index;
}
