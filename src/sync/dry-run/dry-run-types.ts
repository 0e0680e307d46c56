import type { PatchOperation } from '../../connectors/connectwise/index.js';
import type { FieldConflict } from '../../engine/index.js';
import type { SyncDirection } from '../../report/index.js';

/** What a sync would do to one record. */
export type DryRunAction =
  'create' | 'update' | 'link' | 'unchanged' | 'skipped' | 'failed' | 'waiting' | 'ambiguous';

/** A write the sync would make: to ConnectWise on push, to the BSS on pull. */
export type DryRunWrite =
  | { to: 'connectwise'; method: 'POST'; path: string; body: Record<string, unknown> }
  | { to: 'connectwise'; method: 'PATCH'; path: string; operations: PatchOperation[] }
  | { to: 'connectwise'; method: 'DELETE'; path: string }
  | { to: 'bss'; method: 'create'; entity: string; id?: string; fields: Record<string, unknown> }
  | { to: 'bss'; method: 'update'; entity: string; id: string; fields: Record<string, unknown> };

export interface DryRunEntry {
  instanceId: string;
  direction: SyncDirection;
  module: string;
  /** push: the BSS record's id; pull: the ConnectWise record's id */
  id: string;
  action: DryRunAction;
  /** push: the ConnectWise id (negative: a record this plan would create); pull: the BSS id */
  target?: number | string;
  /** why a record is skipped, failed, waiting or ambiguous; what a create leaves for later */
  message?: string;
  /** the field a person must fix, for a failed record */
  field?: string;
  /** the records it waits for, and what the dry run found each of them would do */
  waitsFor?: Array<{ module: string; id: string; wouldBe?: DryRunAction }>;
  writes: DryRunWrite[];
  /** pull: fields both sides changed, with both values and the one the policy keeps */
  conflicts?: FieldConflict[];
}

export interface DryRunSummary {
  instanceId: string;
  direction: SyncDirection;
  module: string;
  counts: Partial<Record<DryRunAction, number>>;
}

export interface DryRunPlan {
  entries: DryRunEntry[];
  summary: DryRunSummary[];
}
