import type { FieldPath } from './ast.js';
import { shorten } from './describe-token.js';
import { queryLimits } from './query-limits.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';

/** A word token read as a field path (`company/identifier`), with the segment cap applied. */
export function parseFieldPath(text: string, position: number, parameter: QueryParameter): FieldPath {
  const segments = text.split('/');
  if (segments.length > queryLimits.maxPathSegments) {
    throw new QuerySyntaxError(
      parameter,
      `Field path "${shorten(text)}" has ${segments.length} segments; the limit is ${queryLimits.maxPathSegments}`,
      position,
    );
  }
  return { segments, text, position };
}
