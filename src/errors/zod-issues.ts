import type { z } from 'zod';
import type { ValidationIssue } from './validation-issue.js';

/**
 * zod's issues as cwsync's issues, keeping the messages the schema wrote (they name the rule and never echo a
 * value, so they are safe for keys): the path joined with dots, `root` for the input as a whole, and the rule
 * from zod's issue code. Settings, configuration files and job payloads are described this way; request bodies
 * with the API's own wording by `describeZodIssues`.
 */
export function zodProblems(error: z.ZodError, root: string, input?: unknown): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || root,
    rule: ruleOfZodIssue(issue, valueAt(input, issue.path)),
    message: issue.message,
  }));
}

/** The issues as one sentence: `path: message; path: message`. */
export function describeZodError(error: z.ZodError, root: string): string {
  return zodProblems(error, root, undefined)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
}

/** The rule a zod issue broke, in the words the API's issues use (`required`, `maxLength`, `pattern`, …). */
export function ruleOfZodIssue(issue: z.core.$ZodIssue, received: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'unknownField';
    case 'invalid_type':
      return received === undefined ? 'required' : 'type';
    case 'too_small':
      return sizeRule('min', issue.origin, issue.minimum);
    case 'too_big':
      return sizeRule('max', issue.origin, issue.maximum);
    case 'invalid_format':
      return issue.format === 'regex' ? 'pattern' : `format:${issue.format}`;
    case 'invalid_value':
      return 'enum';
    case 'custom':
      return (issue.params as { rule?: string } | undefined)?.rule ?? 'custom';
    case 'invalid_union':
      return 'type';
    default:
      return issue.code;
  }
}

function sizeRule(bound: 'min' | 'max', origin: string, limit: number | bigint): string {
  if (origin === 'string') return bound === 'min' && Number(limit) === 1 ? 'required' : `${bound}Length`;
  if (origin === 'array' || origin === 'set') return `${bound}Items`;
  return `${bound}imum`;
}

/** The value at a zod issue's path, or undefined where the input has nothing. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || typeof segment === 'symbol') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
