import { problemOf, type ValidationIssue } from './validation-issue.js';

/**
 * What went wrong, as the edges need to know it: the HTTP layer answers by kind (404, 400, 409, 503, 422), the
 * CLI prints the message, a report row keeps it. Nobody parses the message to find the kind.
 */
export type ErrorKind = 'not_found' | 'validation' | 'conflict' | 'unavailable' | 'configuration';

/** Base of the errors cwsync throws on purpose across a boundary; `code` is the stable word in an API answer. */
export abstract class CwsyncError extends Error {
  abstract readonly kind: ErrorKind;
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  /** What an API answer carries beside `error` and `message`. */
  details(): Record<string, unknown> {
    return {};
  }
}

/** Something named (an instance, a run, a record) does not exist. */
export class NotFoundError extends CwsyncError {
  readonly kind = 'not_found';
  readonly code: string = 'not_found';
}

/** Input that breaks a rule; each issue names the field and the rule. */
export class ValidationError extends CwsyncError {
  readonly kind = 'validation';
  readonly code: string = 'validation_failed';

  constructor(
    readonly issues: readonly ValidationIssue[],
    message: string = issues.map(problemOf).join('; '),
  ) {
    super(message);
  }

  /** One issue: the message reads `path: message`. */
  static at(path: string, rule: string, message: string): ValidationError {
    return new ValidationError([{ path, rule, message }]);
  }

  /** The issues as `path: message` sentences. */
  get problems(): string[] {
    return this.issues.map(problemOf);
  }

  override details(): Record<string, unknown> {
    return { issues: this.issues };
  }
}

/** The request is sound but the state refuses it: taken, switched off, already done. */
export class ConflictError extends CwsyncError {
  readonly kind = 'conflict';
  readonly code: string = 'conflict';
}

/** Something cwsync depends on is away or busy; the same request may succeed later. */
export class UnavailableError extends CwsyncError {
  readonly kind = 'unavailable';
  readonly code: string = 'unavailable';
}

/** A setting of the process or of an instance cannot work (an environment variable, a key, a URL). */
export class ConfigurationError extends CwsyncError {
  readonly kind = 'configuration';
  readonly code: string = 'invalid_configuration';

  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }

  /** The issues as `path: message` sentences. */
  get problems(): string[] {
    return this.issues.map(problemOf);
  }

  override details(): Record<string, unknown> {
    return this.issues.length > 0 ? { issues: this.issues } : {};
  }
}

/** The HTTP status each kind answers with. */
export const statusOfErrorKind: Record<ErrorKind, number> = {
  not_found: 404,
  validation: 400,
  conflict: 409,
  unavailable: 503,
  configuration: 422,
};
