import type { Clause, ValueLiteral } from './ast.js';
import { coerceLiteral, isComparable } from './coerce-literal.js';
import { shorten } from './describe-token.js';
import type { FieldKind } from './field-catalog.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';

/**
 * Rejects a clause whose value cannot be compared with its field: a reference or array compared as a
 * whole, `id > "abc"`, `name > [2026-01-01]`. Only possible when the catalog knows the field's kind.
 */
export function checkClauseKind(
  clause: Clause,
  kind: FieldKind | undefined,
  parameter: QueryParameter,
): void {
  if (kind === undefined) return;
  const literals = clause.operator === 'in' ? clause.values : [clause.value];
  if (literals.every((literal) => literal.type === 'null')) return;
  const field = shorten(clause.path.text);
  if (kind === 'reference') {
    throw new QuerySyntaxError(
      parameter,
      `${field} is a reference; compare one of its fields, e.g. ${field}/id`,
      clause.position,
    );
  }
  if (kind === 'array') {
    throw new QuerySyntaxError(
      parameter,
      `${field} is an array; filter its elements with childConditions, e.g. ${field}/id = 1`,
      clause.position,
    );
  }
  if (clause.operator === 'like' || clause.operator === 'contains') return;
  for (const literal of literals) {
    if (literal.type === 'null' || isComparable(kind, coerceLiteral(literal))) continue;
    const what = kind === 'string' ? 'text, not a datetime' : `a ${kind}`;
    throw new QuerySyntaxError(
      parameter,
      `${field} is ${what}; it cannot be compared with ${describeLiteral(literal)}`,
      literal.position,
    );
  }
}

function describeLiteral(literal: ValueLiteral): string {
  switch (literal.type) {
    case 'string':
      return `"${shorten(literal.value)}"`;
    case 'number':
      return literal.raw;
    case 'boolean':
      return String(literal.value);
    case 'datetime':
      return `[${shorten(literal.raw)}]`;
  }
}
