/** Where an issue is, and what was given there, as the API's issues name them. */

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
