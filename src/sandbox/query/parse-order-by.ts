import type { OrderKey } from './ast.js';
import { describeToken, shorten } from './describe-token.js';
import { parseFieldPath } from './parse-field-path.js';
import { queryLimits } from './query-limits.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { tokenizeQuery } from './tokenize-query.js';

/** Parses `orderBy`: `name asc, company/name desc, id` (direction optional, default asc). */
export function parseOrderBy(input: string): OrderKey[] {
  const tokens = tokenizeQuery(input, 'orderBy');
  const keys: OrderKey[] = [];
  let index = 0;
  for (;;) {
    const pathToken = tokens[index++]!;
    if (pathToken.type !== 'word') {
      throw new QuerySyntaxError(
        'orderBy',
        'Expected a field name',
        pathToken.position,
        describeToken(pathToken),
      );
    }
    if (keys.length === queryLimits.maxOrderByKeys) {
      throw new QuerySyntaxError(
        'orderBy',
        `More than ${queryLimits.maxOrderByKeys} sort keys`,
        pathToken.position,
      );
    }
    const path = parseFieldPath(pathToken.text, pathToken.position, 'orderBy');
    let next = tokens[index++]!;
    let descending = false;
    if (next.type === 'word') {
      const direction = next.text.toLowerCase();
      if (direction !== 'asc' && direction !== 'desc') {
        throw new QuerySyntaxError(
          'orderBy',
          `Expected "asc" or "desc" after "${shorten(pathToken.text)}"`,
          next.position,
          describeToken(next),
        );
      }
      descending = direction === 'desc';
      next = tokens[index++]!;
    }
    keys.push({ path, descending });
    if (next.type === 'end') return keys;
    if (next.type !== ',') {
      throw new QuerySyntaxError(
        'orderBy',
        'Expected "," between sort keys',
        next.position,
        describeToken(next),
      );
    }
  }
}
