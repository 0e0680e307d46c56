import { NotFoundError, problemOf, ValidationError, type ValidationIssue } from '../errors/index.js';

/** An instance or lookup the operator entered breaks a rule; each issue names the field and the rule. */
export class InstanceValidationError extends ValidationError {
  constructor(issues: readonly ValidationIssue[]) {
    super(issues, `invalid connector instance: ${issues.map(problemOf).join('; ')}`);
  }

  /** One issue of `path` breaking `rule`. */
  static override at(path: string, rule: string, message: string): InstanceValidationError {
    return new InstanceValidationError([{ path, rule, message }]);
  }
}

export class InstanceNotFoundError extends NotFoundError {
  constructor(readonly idOrName: string) {
    super(`no connector instance "${idOrName}" (see cwsync instance list)`);
  }
}
