// Connector instances (ConnectWise tenants), their synchronization lookups and the engine's links.
export {
  createInstanceRepository,
  maskKey,
  type InstanceChanges,
  type InstanceCredentials,
  type InstanceRepository,
  type InstanceSummary,
  type NewInstance,
} from './create-instance-repository.js';
export { clientForCredentials, openInstanceClient, type InstanceClientSettings } from './instance-client.js';
export {
  createLookupRepository,
  createLookupTable,
  type LookupRepository,
} from './create-lookup-repository.js';
export { createAttemptLog } from './create-attempt-log.js';
export { findInstanceId } from './find-instance-id.js';
export { createLinkRepository, toSyncLink, type LinkRepositoryOptions } from './create-link-repository.js';
export { InstanceNotFoundError, InstanceValidationError } from './instance-errors.js';
export {
  effectiveServerVariables,
  effectiveSyncOptions,
  instanceInputSchema,
  lookupRowSchema,
  validateInstanceAgainstDefinition,
  type InstanceInput,
  type LookupRow,
} from './instance-settings.js';
export {
  checkInstance,
  formatInstanceCheck,
  type InstanceCheckDependencies,
} from './check/check-instance.js';
export type { CheckLine, InstanceCheckResult } from './check/check-line.js';
export { listLookupOptions, type LookupOption, type LookupOptions } from './list-lookup-options.js';
export {
  listServerVariableOptions,
  resolveRecordByIdOrName,
  serverVariableOf,
} from './server-variable-options.js';
export { SecretBox } from './secret-box.js';
export {
  testInstanceConnection,
  type ConnectionCheck,
  type ConnectionProblem,
  type ConnectionTestOptions,
  type ConnectionTestResult,
} from './test-instance-connection.js';
