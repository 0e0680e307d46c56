/**
 * Most mapping expressions are plain paths (`record.name`, `company.id`). Read directly they cost a property access
 * each, where a JSONata evaluation costs an environment, a frame and several promises: per record, the engine
 * evaluates dozens of them. Only where the answer is certainly JSONata's own is the path read directly; everything
 * else (an array on the way, which JSONata maps over; input that is not a plain object) is left to JSONata.
 */

/** A path that could not be read without JSONata's own rules. */
export const needsJsonata: unique symbol = Symbol('needs JSONata');

export type SimplePath = (input: unknown) => unknown;

/** Names JSONata reads as operators or literals, not as field names. */
const notFieldNames = new Set(['and', 'or', 'in', 'true', 'false', 'null']);
const pathPattern = /^\s*[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*$/;

/** A reader for `source` when it is a plain dotted path of field names; undefined otherwise. */
export function compileSimplePath(source: string): SimplePath | undefined {
  if (!pathPattern.test(source)) return undefined;
  const steps = source.split('.').map((step) => step.trim());
  if (steps.some((step) => notFieldNames.has(step))) return undefined;
  return (input) => {
    let value: unknown = input;
    for (const step of steps) {
      // JSONata maps a path over an array (and flattens what it finds): its rules, not a property access.
      if (Array.isArray(value)) return needsJsonata;
      if (value === null || typeof value !== 'object') {
        // The input itself must be an object; a step from a value that is none finds nothing, as in JSONata.
        return value === input ? needsJsonata : undefined;
      }
      value = Object.prototype.hasOwnProperty.call(value, step)
        ? (value as Record<string, unknown>)[step]
        : undefined;
      if (value === undefined) return undefined;
    }
    return value;
  };
}
