import { describeIssues } from '../errors/index.js';
import type { FastifyInstance } from 'fastify';
import type { ValidationIssue } from '../bss/store/index.js';
import { parseJsonBytes, unreadableJsonRules } from '../bss/store/parse-json-input.js';

/** A body the JSON parser refuses, with every problem it found and where. */
export class RequestBodyError extends Error {
  readonly statusCode = 400;

  constructor(readonly issues: ValidationIssue[]) {
    super(describeIssues(issues, 'the body is'));
    this.name = 'RequestBodyError';
  }

  toJSON(): Record<string, unknown> {
    const unreadable = this.issues.some((issue) => unreadableJsonRules.has(issue.rule));
    return {
      error: unreadable ? 'malformed_json' : 'validation_failed',
      message: this.message,
      issues: this.issues,
    };
  }
}

/**
 * Every JSON body (`application/json`, and `application/merge-patch+json` for PATCH) is read by
 * `parseJsonBytes`: strict UTF-8, bounded depth, no lone surrogates, NUL characters or `__proto__` keys. So a
 * body the routes see is safe to walk, and any body that is not is a 400 naming the field and the rule.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'application/merge-patch+json'],
    { parseAs: 'buffer' },
    (_request, body: Buffer, done) => {
      if (body.length === 0) {
        done(
          new RequestBodyError([
            { path: '', rule: 'empty', message: 'empty but its content type says JSON' },
          ]),
          undefined,
        );
        return;
      }
      const parsed = parseJsonBytes(body);
      if (parsed.ok) done(null, parsed.value);
      else done(new RequestBodyError(parsed.issues), undefined);
    },
  );
}
