import { describeIssues } from '../../errors/index.js';
import { StoreError, type ValidationIssue } from './errors.js';

/** A list or change-feed query the store cannot answer: an unknown filter, a malformed cursor or limit. */
export class InvalidQueryError extends StoreError {
  readonly status = 400;
  readonly code = 'invalid_query';

  constructor(readonly issues: ValidationIssue[]) {
    super(describeIssues(issues, '(query)'));
    this.name = 'InvalidQueryError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
