/** What GET /api/v1/instances/:id/reconcile/:runId answers (see src/server/routes/reconcile-schemas.ts). */
export type FieldDriftKind = 'bss' | 'connectwise' | 'both';

export interface FieldDrift {
  field: string;
  kind: FieldDriftKind;
  bss: unknown;
  connectwise: unknown;
  lastSynced: unknown;
}

export interface RecordDrift {
  module: string;
  recordId: string;
  connectwiseId: number;
  missing?: 'connectwise' | 'bss';
  fields: FieldDrift[];
  canPush: boolean;
  canPull: boolean;
}

export interface DriftGroup {
  key: string;
  module: string;
  field?: string;
  kind: FieldDriftKind | 'missing-in-connectwise' | 'missing-in-bss';
  count: number;
  recordIds: string[];
}

export interface Reconciliation {
  instanceId: string;
  modules: Array<{ module: string; linked: number; inStep: number; drifted: number; notCompared: number }>;
  drift: RecordDrift[];
  groups: DriftGroup[];
  notCompared: Array<{ module: string; recordId: string; connectwiseId: number; reason: string }>;
  connectwiseRequests: number;
}

export interface ReconcileRun {
  id: string;
  instanceId: string;
  modules?: string[];
  status: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt?: string;
  progress?: { module: string; done: number; total: number };
  result?: Reconciliation;
  error?: string;
}

export interface ResolveResult {
  queued: Array<{ module: string; recordId: string; direction: 'push' | 'pull' }>;
  refused: Array<{ module: string; recordId: string; reason: string }>;
}

export type ResolveSide = 'bss' | 'connectwise';

export const kindLabels: Record<DriftGroup['kind'], string> = {
  bss: 'changed in the BSS',
  connectwise: 'changed in ConnectWise',
  both: 'changed on both sides',
  'missing-in-connectwise': 'gone from ConnectWise',
  'missing-in-bss': 'gone from the BSS',
};
