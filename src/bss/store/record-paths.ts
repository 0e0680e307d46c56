import { formatPath, valueAtSegments } from '../../errors/issue-paths.js';

export { describeReceived, formatPath, valueAtSegments } from '../../errors/issue-paths.js';

/**
 * The values at a declared path such as `items[].product.id`, each with its concrete path
 * (`items[2].product.id`). Missing values are left out.
 */
export function valuesAtPath(value: unknown, path: string): Array<{ path: string; value: unknown }> {
  let found: Array<{ segments: Array<string | number>; value: unknown }> = [{ segments: [], value }];
  for (const part of path.split('.')) {
    const isArray = part.endsWith('[]');
    const key = isArray ? part.slice(0, -2) : part;
    found = found.flatMap((entry) => {
      const member = valueAtSegments(entry.value, [key]);
      if (member === undefined) return [];
      if (!isArray) return [{ segments: [...entry.segments, key], value: member }];
      if (!Array.isArray(member)) return [];
      return member.map((element, index) => ({ segments: [...entry.segments, key, index], value: element }));
    });
  }
  return found.map((entry) => ({ path: formatPath(entry.segments), value: entry.value }));
}
