/**
 * Most mapping expressions are plain paths (`record.name`, `company.id`) or objects of them (`{"id": pre.status}`,
 * a pre-synchronization action's input). Read directly they cost a property access each, where a JSONata evaluation
 * costs an environment, a frame and several promises: per record, the engine evaluates dozens of them. Only where
 * the answer is certainly JSONata's own is the input read directly; everything else (an array on the way, which
 * JSONata maps over; input that is not a plain object) is left to JSONata.
 */

/** An expression that could not be read without JSONata's own rules. */
export const needsJsonata: unique symbol = Symbol('needs JSONata');

export type SimplePath = (input: unknown) => unknown;

/** Names JSONata reads as operators or literals, not as field names. */
const notFieldNames = new Set(['and', 'or', 'in', 'true', 'false', 'null']);
const path = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*`;
const pathPattern = new RegExp(String.raw`^\s*${path}\s*$`);
// keys without quotes, backslashes, colons or commas: the object is split on those
const pair = String.raw`"[^"\\:,]*"\s*:\s*${path}\s*`;
const objectPattern = new RegExp(String.raw`^\s*\{\s*${pair}(?:,\s*${pair})*\}\s*$`);

/** A reader for `source` when it is a plain dotted path of field names, or an object of them; else undefined. */
export function compileSimplePath(source: string): SimplePath | undefined {
  if (pathPattern.test(source)) return compilePath(source);
  if (objectPattern.test(source)) return compileObject(source);
  return undefined;
}

function compilePath(source: string): SimplePath | undefined {
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

/** `{"key": path, …}`: each key whose path finds something, in order, as JSONata's object constructor makes it. */
function compileObject(source: string): SimplePath | undefined {
  const body = source.trim().slice(1, -1);
  const members: Array<[string, SimplePath]> = [];
  for (const member of body.split(',')) {
    const colon = member.indexOf(':');
    const key = JSON.parse(member.slice(0, colon).trim()) as string;
    const read = compilePath(member.slice(colon + 1));
    // a key twice is an error in JSONata, a field name it reads otherwise is its own: both are left to it
    if (!read || members.some(([seen]) => seen === key)) return undefined;
    members.push([key, read]);
  }
  return (input) => constructObject(members, input);
}

/**
 * JSONata's object constructor over readers of its members: each key whose value is something, in order; a member
 * whose answer is JSONata's to give makes the whole object JSONata's.
 */
export function constructObject(
  members: ReadonlyArray<readonly [string, (input: unknown) => unknown]>,
  input: unknown,
): Record<string, unknown> | typeof needsJsonata {
  const object: Record<string, unknown> = {};
  for (const [key, read] of members) {
    const value = read(input);
    if (value === needsJsonata) return needsJsonata;
    if (value !== undefined) object[key] = value;
  }
  return object;
}
