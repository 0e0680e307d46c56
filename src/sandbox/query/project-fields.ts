import type { FieldPath } from './ast.js';
import { infoFieldKinds, infoKey } from './info-fields.js';
import { findOwnKey } from './read-field.js';

type RecordLike = Record<string, unknown>;

/** One requested field; `children` undefined means the whole value is kept. */
interface Selection {
  name: string;
  children?: Map<string, Selection>;
}

/**
 * Keeps only the requested paths, in their nested shape (`company/name` → `{company: {name}}`); inside an
 * array the rest of the path applies to each element. Names match case-insensitively and keep the
 * record's spelling; lastUpdated and friends come from `_info` when the record has no such field.
 */
export function compileProjection(paths: readonly FieldPath[]): (record: RecordLike) => RecordLike {
  const root = new Map<string, Selection>();
  for (const path of paths) addSelection(root, path.segments);
  return (record) => projectObject(record, root);
}

function addSelection(level: Map<string, Selection>, segments: readonly string[]): void {
  const [first, ...rest] = segments;
  const key = first!.toLowerCase();
  let selection = level.get(key);
  if (selection === undefined) {
    selection = { name: first!, children: rest.length > 0 ? new Map() : undefined };
    level.set(key, selection);
  } else if (rest.length === 0) {
    selection.children = undefined; // the whole value was asked for as well
  }
  if (rest.length > 0 && selection.children !== undefined) addSelection(selection.children, rest);
}

function projectObject(source: RecordLike, selections: Map<string, Selection>): RecordLike {
  const result: RecordLike = {};
  for (const [lowerName, selection] of selections) {
    const key = findOwnKey(source, selection.name, lowerName);
    if (key === undefined) {
      copyFromInfo(source, selection, lowerName, result);
      continue;
    }
    setOwnProperty(result, key, projectValue(source[key], selection.children));
  }
  return result;
}

/** A record parsed from JSON may own a `__proto__` key; plain assignment would set the prototype instead. */
function setOwnProperty(target: RecordLike, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function projectValue(value: unknown, children: Map<string, Selection> | undefined): unknown {
  if (children === undefined) return value;
  if (Array.isArray(value)) return value.map((element) => projectValue(element, children));
  if (typeof value === 'object' && value !== null) return projectObject(value as RecordLike, children);
  return value;
}

function copyFromInfo(source: RecordLike, selection: Selection, lowerName: string, result: RecordLike): void {
  if (!infoFieldKinds.has(lowerName) || selection.children !== undefined) return;
  const infoName = findOwnKey(source, infoKey);
  const info = infoName === undefined ? undefined : source[infoName];
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return;
  const key = findOwnKey(info, selection.name, lowerName);
  if (key === undefined) return;
  const projectedInfo = (result[infoName!] ??= {}) as RecordLike;
  setOwnProperty(projectedInfo, key, (info as RecordLike)[key]);
}
