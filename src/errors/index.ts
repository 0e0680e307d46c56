export {
  ConfigurationError,
  ConflictError,
  CwsyncError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  statusOfErrorKind,
  type ErrorKind,
} from './cwsync-errors.js';
export { problemOf, type ValidationIssue } from './validation-issue.js';
export { describeZodError, ruleOfZodIssue, zodProblems } from './zod-issues.js';
