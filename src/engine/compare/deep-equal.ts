import { isDeepStrictEqual } from 'node:util';

/**
 * Equality of mapped values as the two systems see them: an absent field, undefined and null are the same
 * "nothing", and references compare by id (ConnectWise answers `{id, name, _info}` for what was sent as
 * `{id}`), so what ConnectWise decorates never looks like a change.
 */
export function sameMappedValue(left: unknown, right: unknown): boolean {
  return isDeepStrictEqual(canonical(left), canonical(right));
}

function canonical(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('id' in record && record.id !== undefined && record.id !== null && isReference(record)) {
      return { id: String(record.id) };
    }
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (key === '_info') continue;
      const item = canonical(record[key]);
      if (item !== null) result[key] = item;
    }
    return result;
  }
  return value;
}

/** A ConnectWise reference: an id plus only descriptive fields. */
function isReference(record: Record<string, unknown>): boolean {
  const descriptive = new Set([
    'id',
    'name',
    'identifier',
    '_info',
    'symbol',
    'currencyCode',
    'currencyIdentifier',
  ]);
  return Object.keys(record).every((key) => descriptive.has(key));
}
