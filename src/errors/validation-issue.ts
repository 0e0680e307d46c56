/** One problem of something a person or a program gave: where, which rule it broke, and what to do. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `addresses[0].countryCode`; empty for the input as a whole. */
  path: string;
  /** Which rule failed, e.g. `required`, `maxLength`, `format:email`, `singleBillingAddress`. */
  rule: string;
  message: string;
  /** What was given (long strings are cut). */
  received?: unknown;
}

/** `path: message` — how a problem reads in a sentence, a log line or a CLI error. */
export function problemOf(issue: Pick<ValidationIssue, 'path' | 'message'>): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/**
 * The issues as the API's one-line message: `path message; path message`, `whole` standing for the input as a
 * whole (`(body)` by default).
 */
export function describeIssues(
  issues: ReadonlyArray<Pick<ValidationIssue, 'path' | 'message'>>,
  whole = '(body)',
): string {
  return issues.map((issue) => `${issue.path || whole} ${issue.message}`).join('; ');
}
