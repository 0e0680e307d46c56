/** `['addresses', 0, 'countryCode']` → `addresses[0].countryCode`. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

export function valueAtSegments(value: unknown, segments: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

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

/** What a client sent, short enough to echo back in an error. */
export function describeReceived(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value;
  if (typeof value === 'object' && value !== null) {
    const json = stringifyOrUndefined(value);
    return json === undefined || json.length > 200
      ? Array.isArray(value)
        ? '(an array)'
        : '(an object)'
      : value;
  }
  return value;
}

/** JSON.stringify recurses: a value nested thousands deep would exhaust the stack. */
function stringifyOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
