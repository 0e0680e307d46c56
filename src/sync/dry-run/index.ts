// The dry run (`cwsync sync --dry-run`, POST /api/v1/sync/dry-run) and the push preview: the engine over a
// read-only view of an instance, every write recorded instead of made.
export type { DryRunAction, DryRunEntry, DryRunPlan, DryRunSummary, DryRunWrite } from './dry-run-types.js';
export { formatDryRunPlan } from './format-dry-run-plan.js';
export { dryRunSync, type DryRunDependencies, type DryRunRequest } from './plan-dry-run.js';
export {
  createPushPreviewer,
  previewCreatedId,
  previewPush,
  type PreviewWrite,
  type PushPreview,
} from './preview-push.js';
