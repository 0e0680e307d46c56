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
export { describeIssues, problemOf, type ValidationIssue } from './validation-issue.js';
export { describeReceived, formatPath, valueAtSegments } from './issue-paths.js';
export { describeZodError, describeZodIssues, ruleOfZodIssue, zodProblems } from './zod-issues.js';
