import type { FastifyInstance } from 'fastify';
import { InvalidQueryError, type ValidationIssue } from '../bss/store/index.js';

/**
 * A path parameter or query value with the NUL character (`%00`) is refused before any route runs: PostgreSQL
 * text cannot hold it, so a route that looked it up would fail with a 500 instead of saying what is wrong.
 */
export function refuseNulInUrl(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues: ValidationIssue[] = [
      ...nulIssues(request.params, 'is a path parameter'),
      ...nulIssues(request.query, 'is a query parameter'),
    ];
    if (issues.length > 0) throw new InvalidQueryError(issues);
  });
}

function nulIssues(values: unknown, where: string): ValidationIssue[] {
  if (typeof values !== 'object' || values === null) return [];
  return Object.entries(values).flatMap(([name, value]) => {
    const texts = Array.isArray(value) ? value : [value];
    return texts.some((text) => typeof text === 'string' && text.includes('\u0000'))
      ? [{ path: name, rule: 'noNulCharacter', message: `must not contain the NUL character (it ${where})` }]
      : [];
  });
}
