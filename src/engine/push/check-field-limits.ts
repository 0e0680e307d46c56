import type { SyncFailure } from './push-outcome.js';

/**
 * The first mapped field longer than ConnectWise takes (a limit tenants enforce that the published schema omits,
 * declared as the field's `maxLength`), as the report shows it; undefined when every field fits.
 */
export function exceededFieldLimit(
  body: Record<string, unknown>,
  maxLengths: ReadonlyMap<string, number>,
): SyncFailure | undefined {
  for (const [field, limit] of maxLengths) {
    const value = body[field];
    if (typeof value === 'string' && value.length > limit)
      return {
        field,
        message: `${field}: at most ${limit} characters in ConnectWise (got ${value.length})`,
        retryable: false,
      };
  }
  return undefined;
}
