import { infoFieldKinds, infoKey } from './info-fields.js';

/** Reads a field path from a record; undefined when any step is missing or not an object. */
export type FieldReader = (source: unknown) => unknown;

/**
 * Builds a reader for `segments`, matching field names case-insensitively (as ConnectWise does; the exact
 * spelling wins, then the first key in record order) and falling back to `_info/<name>` for lastUpdated,
 * dateEntered, updatedBy and enteredBy.
 */
export function createFieldReader(segments: readonly string[]): FieldReader {
  const steps = segments.map(createPropertyStep);
  if (steps.length === 1) return steps[0]!;
  return (source) => {
    let value = source;
    for (const step of steps) {
      value = step(value);
      if (value === undefined) return undefined;
    }
    return value;
  };
}

/** Finds the key of `target` that spells `name` case-insensitively, or undefined. */
export function findOwnKey(target: object, name: string, lowerName = name.toLowerCase()): string | undefined {
  if (Object.hasOwn(target, name)) return name;
  for (const key of Object.keys(target)) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) return key;
  }
  return undefined;
}

function createPropertyStep(name: string): FieldReader {
  const lowerName = name.toLowerCase();
  const readOwn = (target: object): unknown => {
    const key = findOwnKey(target, name, lowerName);
    return key === undefined ? undefined : (target as Record<string, unknown>)[key];
  };
  const readInfo = infoFieldKinds.has(lowerName) ? createPropertyStep(infoKey) : undefined;
  return (source) => {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) return undefined;
    const value = readOwn(source);
    if (value !== undefined || readInfo === undefined) return value;
    const info = readInfo(source);
    return typeof info === 'object' && info !== null && !Array.isArray(info) ? readOwn(info) : undefined;
  };
}
