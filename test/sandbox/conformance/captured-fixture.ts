import { readFileSync } from 'node:fs';

/** A captured ConnectWise body from test/fixtures/connectwise/amp-labs/ (vendored amp-labs/connectors fixtures). */
export function capturedFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/connectwise/amp-labs/${path}`, import.meta.url), 'utf8'),
  ) as T;
}

/** The key paths of a JSON value ("errors[].field", "Metadata.key_url"), to compare shapes rather than values. */
export function keyPathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value))
    return [...new Set(value.flatMap((item) => keyPathsOf(item, `${prefix}[]`)))].sort();
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .flatMap(([key, child]) => {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        return [path, ...keyPathsOf(child, path)];
      })
      .sort();
  }
  return [];
}
