import type { z } from 'zod';
import type { ValidationIssue } from './errors.js';
import { describeReceived, formatPath, valueAtSegments } from './record-paths.js';

/** zod's issues as the API reports them: a path, a rule name, a message and what was given. */
export function describeZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  subject: string,
): ValidationIssue[] {
  return issues.flatMap((issue) => describeZodIssue(issue, input, subject));
}

function describeZodIssue(issue: z.core.$ZodIssue, input: unknown, subject: string): ValidationIssue[] {
  const segments = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const received = valueAtSegments(input, segments);
  const at = (rule: string, message: string): ValidationIssue[] => [
    { path: formatPath(segments), rule, message, ...withReceived(received) },
  ];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const keySegments = [...segments, key];
        return {
          path: formatPath(keySegments),
          rule: 'unknownField',
          message: `is not a field of ${segments.length > 0 ? 'this object' : subject}`,
          ...withReceived(valueAtSegments(input, keySegments)),
        };
      });
    case 'invalid_type':
      return received === undefined
        ? at('required', 'is required')
        : at('type', `must be ${article(issue.expected)}`);
    case 'too_small':
      return at(...sizeRule('min', issue.origin, issue.minimum, issue.inclusive ?? true));
    case 'too_big':
      return at(...sizeRule('max', issue.origin, issue.maximum, issue.inclusive ?? true));
    case 'invalid_format':
      return at(
        issue.format === 'regex' ? 'pattern' : `format:${issue.format}`,
        trimZodMessage(issue.message),
      );
    case 'invalid_value':
      return at('enum', `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`);
    case 'custom': {
      const rule = (issue.params as { rule?: string } | undefined)?.rule ?? 'custom';
      return at(rule, issue.message);
    }
    case 'invalid_union':
      return at('type', 'has none of the accepted types');
    default:
      return at(issue.code, trimZodMessage(issue.message));
  }
}

function sizeRule(
  bound: 'min' | 'max',
  origin: string,
  limit: number | bigint,
  inclusive: boolean,
): [string, string] {
  const word = bound === 'min' ? 'at least' : 'at most';
  if (origin === 'string') {
    if (bound === 'min' && Number(limit) === 1) return ['required', 'must not be empty'];
    return [`${bound}Length`, `must be ${word} ${limit} characters long`];
  }
  if (origin === 'array' || origin === 'set') return [`${bound}Items`, `must have ${word} ${limit} items`];
  if (!inclusive) return [`${bound}imum`, `must be ${bound === 'min' ? 'more' : 'less'} than ${limit}`];
  return [`${bound}imum`, `must be ${word} ${limit}`];
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
