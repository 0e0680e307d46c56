import type { z } from 'zod';
import { describeReceived, formatPath, valueAtSegments } from './issue-paths.js';
import type { ValidationIssue } from './validation-issue.js';

/*
 * The one place zod's issues become cwsync's issues ({ path, rule, message }). Two wordings, one rule table:
 * - `describeZodIssues`: what a client sent to the API (`addresses[0].countryCode`, "is required", with what
 *   was received);
 * - `zodProblems`: settings, configuration and definitions, keeping the message the schema wrote (it names the
 *   rule and never echoes a value, so keys stay out of it), the path joined with dots.
 */

/** zod's issues as the API reports them: a path, a rule name, a message and what was given. */
export function describeZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  subject: string,
): ValidationIssue[] {
  return issues.flatMap((issue) => {
    const segments = segmentsOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const keySegments = [...segments, key];
        return {
          path: formatPath(keySegments),
          rule: 'unknownField',
          message: `is not a field of ${segments.length > 0 ? 'this object' : subject}`,
          ...withReceived(valueAtSegments(input, keySegments)),
        };
      });
    }
    const received = valueAtSegments(input, segments);
    return [
      {
        path: formatPath(segments),
        rule: ruleOfZodIssue(issue, received),
        message: apiMessageOf(issue, received),
        ...withReceived(received),
      },
    ];
  });
}

/** zod's issues with the schema's own messages, `root` naming the input as a whole. */
export function zodProblems(error: z.ZodError, root: string, input?: unknown): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || root,
    rule: ruleOfZodIssue(issue, valueAtSegments(input, segmentsOf(issue.path))),
    message: issue.message,
  }));
}

/** The issues as one sentence: `path: message; path: message`. */
export function describeZodError(error: z.ZodError, root: string): string {
  return zodProblems(error, root)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
}

/** The rule a zod issue broke (`required`, `maxLength`, `pattern`, `format:email`, `enum`, …). */
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

function apiMessageOf(issue: z.core.$ZodIssue, received: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return received === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return sizeMessage('min', issue.origin, issue.minimum, issue.inclusive ?? true);
    case 'too_big':
      return sizeMessage('max', issue.origin, issue.maximum, issue.inclusive ?? true);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'custom':
      return issue.message;
    case 'invalid_union':
      return 'has none of the accepted types';
    default:
      return trimZodMessage(issue.message);
  }
}

function sizeRule(bound: 'min' | 'max', origin: string, limit: number | bigint): string {
  if (origin === 'string') return bound === 'min' && Number(limit) === 1 ? 'required' : `${bound}Length`;
  if (origin === 'array' || origin === 'set') return `${bound}Items`;
  return `${bound}imum`;
}

function sizeMessage(
  bound: 'min' | 'max',
  origin: string,
  limit: number | bigint,
  inclusive: boolean,
): string {
  const word = bound === 'min' ? 'at least' : 'at most';
  if (origin === 'string') {
    if (bound === 'min' && Number(limit) === 1) return 'must not be empty';
    return `must be ${word} ${limit} characters long`;
  }
  if (origin === 'array' || origin === 'set') return `must have ${word} ${limit} items`;
  if (!inclusive) return `must be ${bound === 'min' ? 'more' : 'less'} than ${limit}`;
  return `must be ${word} ${limit}`;
}

function segmentsOf(path: readonly PropertyKey[]): Array<string | number> {
  return path.filter((segment): segment is string | number => typeof segment !== 'symbol');
}

function article(expected: string): string {
  if (expected === 'object' || expected === 'array' || expected === 'integer') return `an ${expected}`;
  return `a ${expected}`;
}

function trimZodMessage(message: string): string {
  return message.replace(/^Invalid (input|string): /, '');
}

function withReceived(received: unknown): { received?: unknown } {
  return received === undefined ? {} : { received: describeReceived(received) };
}
