/**
 * The sync engine's one face: everything outside src/engine imports the engine from here, never its internal
 * files (ESLint's no-restricted-imports enforces it). The engine interprets a connector definition for one
 * record at a time: definition loading and compiling, push and pull of one record, the comparisons they make,
 * the ports it needs (gateway, links, lookups, records) and the action registry a connector hands it.
 */
export { ActionError } from './actions/action-error.js';
export { unknownActions } from './actions/action-registry.js';
export type { ActionRegistry, ConnectorAction, PostSyncAction } from './actions/action-registry.js';
export { runPreSyncActions } from './actions/run-actions.js';
export { BssWriteError } from './bss-write-error.js';
export { changedFields, hasChanges } from './compare/changed-fields.js';
export type { FieldChanges } from './compare/changed-fields.js';
export { connectWiseText } from './compare/connectwise-text.js';
export { sameMappedValue } from './compare/deep-equal.js';
export { holdsMapped } from './compare/holds-mapped.js';
export { decidePull } from './compare/resolve-conflicts.js';
export type { FieldConflict } from './compare/resolve-conflicts.js';
export { DefinitionError } from './definition/compile-expression.js';
export { compileConnectorDefinition, loadConnectorDefinition } from './definition/load-definition.js';
export type { CompiledConnector, CompiledModule } from './definition/load-definition.js';
export {
  checkMappingOverrides,
  connectorWithOverrides,
  mappingOverridesSchema,
} from './definition/mapping-overrides.js';
export type { MappingOverrides } from './definition/mapping-overrides.js';
export { renderConnectorDocs } from './definition/render-connector-docs.js';
export type {
  ConnectorDefinition,
  DirectionDefinition,
  FieldMapping,
  LookupDefinition,
  ServerVariableDefinition,
} from './definition/schema.js';
export type {
  ConnectWiseGateway,
  ConnectWiseRecord,
  CreateAttempts,
  LinkRepository,
  ListChangedOptions,
  LookupTable,
  MatchCondition,
  RecordKey,
  RecordReader,
  RecordWriter,
  SyncLink,
} from './ports.js';
export { connectwiseIdInRecord } from './ports.js';
export type { PullOutcome } from './pull/pull-outcome.js';
export { pullRecord } from './pull/pull-record.js';
export type { PullContext } from './pull/pull-record.js';
export { keepLinesInStepAction } from './push/post-sync.js';
export type { PushOutcome, SyncFailure } from './push/push-outcome.js';
export { pushRecord } from './push/push-record.js';
export type { PushContext } from './push/push-record.js';
export { isRefusalOfStoredData } from './push/put-after-refused-patch.js';
export { hasParentPath, resourcePath } from './push/resource-path.js';
export { toSyncFailure } from './push/to-sync-failure.js';
export { differenceLabel } from './push/verify-writes/difference-label.js';
export { keptDifferences } from './push/verify-writes/kept-differences.js';
export type { WriteDifference } from './push/verify-writes/kept-differences.js';
export { pushRecordVerified } from './push/verify-writes/push-record-verified.js';
export { inSteps, runResumableStep } from './steps/resumable-step.js';
export type { ResumableStep, StepRunner } from './steps/resumable-step.js';
