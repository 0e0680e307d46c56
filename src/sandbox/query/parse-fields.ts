import type { FieldPath } from './ast.js';
import { describeToken } from './describe-token.js';
import { parseFieldPath } from './parse-field-path.js';
import { queryLimits } from './query-limits.js';
import { QuerySyntaxError } from './query-syntax-error.js';
import { tokenizeQuery } from './tokenize-query.js';

/** Parses `fields`: `id,name,company/name`. */
export function parseFields(input: string): FieldPath[] {
  const tokens = tokenizeQuery(input, 'fields');
  const paths: FieldPath[] = [];
  let index = 0;
  for (;;) {
    const pathToken = tokens[index++]!;
    if (pathToken.type !== 'word') {
      throw new QuerySyntaxError(
        'fields',
        'Expected a field name',
        pathToken.position,
        describeToken(pathToken),
      );
    }
    if (paths.length === queryLimits.maxFields) {
      throw new QuerySyntaxError('fields', `More than ${queryLimits.maxFields} fields`, pathToken.position);
    }
    paths.push(parseFieldPath(pathToken.text, pathToken.position, 'fields'));
    const next = tokens[index++]!;
    if (next.type === 'end') return paths;
    if (next.type !== ',') {
      throw new QuerySyntaxError('fields', 'Expected "," between fields', next.position, describeToken(next));
    }
  }
}
