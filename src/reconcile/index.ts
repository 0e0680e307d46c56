// Reconciliation: every linked record compared with ConnectWise's copy through the push mapping, and resolved.
export type * from './drift-types.js';
export { classifyDrift } from './classify-drift.js';
export { groupDrift, recordsOfGroup } from './group-drift.js';
export {
  reconcilableModules,
  reconcileInstance,
  type ReconcileDependencies,
  type ReconcileRequest,
} from './reconcile-instance.js';
export {
  createReconcileRuns,
  keptRunsPerInstance,
  type ReconcileRun,
  type ReconcileRuns,
} from './reconcile-runs.js';
export {
  resolveDrift,
  type QueuedResolution,
  type ResolveDependencies,
  type ResolveResult,
  type ResolveSide,
} from './resolve-drift.js';
export { describeGroupKind, formatReconciliation } from './format-reconciliation.js';
