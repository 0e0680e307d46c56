// The shapes of the operator's API answers the dashboard reads (docs/bss-api.md, "Connector instances, report
// and runs"); the OpenAPI document at /api/v1/openapi.json is the reference.

export type ApiVersion = '2022.1' | '2025.8' | '2026.4';
export const apiVersions: ApiVersion[] = ['2022.1', '2025.8', '2026.4'];

export interface Instance {
  id: string;
  name: string;
  siteUrl: string;
  companyId: string;
  clientId: string;
  apiVersion: ApiVersion;
  serverVariables: Record<string, number | string>;
  syncOptions: Record<string, boolean>;
  mappingOverrides: Record<string, string | null>;
  enabled: boolean;
  hasKeys: boolean;
  publicKeyHint: string;
  updatedAt: string;
}

export interface ConnectionTest {
  ok: boolean;
  problem?: string;
  message: string;
  checks: Array<{ name: string; ok: boolean; message: string }>;
}

export interface InstanceCheck {
  instanceId: string;
  ok: boolean;
  lines: Array<{ name: string; status: 'ok' | 'fail' | 'skipped'; message: string; fix?: string }>;
}

export interface ServerVariable {
  name: string;
  label: string;
  description: string;
  type: 'integer' | 'string';
  enum?: string[];
  /** the ConnectWise resource whose record it names by id: chosen by name */
  connectwiseResource?: string;
  default: number | string;
  value: number | string;
  overridden: boolean;
}

export interface InstanceSettings {
  serverVariables: ServerVariable[];
  syncOptions: Array<{
    module: string;
    label: string;
    abilities: Array<{ ability: string; supported: boolean; on: boolean; overridden: boolean }>;
  }>;
  lookups: Array<{ name: string; label: string; description: string; bssEntity: string }>;
}

export interface LookupMapping {
  lookup: string;
  internalId: string;
  internalName?: string;
  integrationId: string;
}

export interface LookupOption {
  integrationId: string;
  label: string;
}

/** What a lookup maps to: ConnectWise ids to pick from, or text to type (its items are suggestions). */
export interface LookupOptions {
  lookup: string;
  connectwiseValue: 'id' | 'text';
  maxLength?: number;
  items: LookupOption[];
}

export interface ReportEntry {
  instanceId: string;
  module: string;
  recordId: string;
  direction: 'push' | 'pull';
  action: string;
  outcome: 'failed' | 'waiting' | 'ambiguous' | 'conflict' | 'warning' | 'review';
  field?: string;
  message: string;
  differences?: Array<{
    resource: string;
    connectwiseId: number;
    path: string;
    sent: unknown;
    kept: unknown;
  }>;
  attempts: number;
  lastFailedAt: string;
}

/** Records not in step for one cause (GET /api/v1/report/groups). */
export interface CauseGroup {
  key: string;
  outcome: ReportEntry['outcome'];
  message: string;
  field?: string;
  modules: string[];
  direction: 'push' | 'pull';
  count: number;
  records: Array<{ module: string; recordId: string; direction: 'push' | 'pull' }>;
  fix: string;
  unmappedLookup?: { lookup: string; label: string; internalId: string };
}

/** One minute of the sync (GET /api/v1/activity). */
export interface ActivityMinute {
  minute: string;
  synced: number;
  failed: number;
  waiting: number;
  calls: number;
  rateLimited: number;
}

/** What happened to a record (GET /api/v1/records/{module}/{id}/history). */
export type StoryEvent =
  | {
      at: string;
      kind: 'bss-write';
      origin: 'api' | 'import' | 'pull';
      action: 'created' | 'updated' | 'deleted';
      version: number;
      changedFields: string[];
    }
  | { at: string; kind: 'run-outcome'; instanceId: string; runId: string; direction: string; outcome: string }
  | { at: string; kind: 'linked'; instanceId: string; connectwiseId: string; lastPushed?: unknown }
  | {
      at: string;
      kind: 'not-in-step';
      instanceId: string;
      direction: string;
      outcome: string;
      message: string;
      connectwise?: unknown;
      attempts: number;
      firstFailedAt: string;
    };

export interface RecordStory {
  module: string;
  recordId: string;
  events: StoryEvent[];
  cannotShow: string[];
}

export interface RunCounts {
  created: number;
  updated: number;
  linked: number;
  unchanged: number;
  failed: number;
  skipped: number;
  waiting: number;
  ambiguous: number;
}

export interface Run {
  id: string;
  instanceId: string;
  module: string;
  direction: 'push' | 'pull';
  trigger: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'succeeded' | 'failed';
  counts?: RunCounts;
  expected?: number;
  done?: number;
}

export interface FieldComparison {
  field: string;
  source: string;
  mapped: unknown;
  connectwise: unknown;
  lastPushed: unknown;
  same: boolean;
  createOnly: boolean;
}

export interface Comparison {
  instanceId: string;
  module: string;
  recordId: string;
  connectwiseId: number | null;
  bss: Record<string, unknown>;
  connectwise: Record<string, unknown> | null;
  preview: {
    outcome: string;
    message?: string;
    field?: string;
    writes: Array<{ method: string; path: string; body?: unknown; operations?: unknown[] }>;
  };
  fields: FieldComparison[];
  differences: number;
}

export interface MappingField {
  source: string;
  target: string;
  basis: 'documented' | 'inferred';
  createOnly: boolean;
  note?: string;
  expression: string;
}

export interface MappingDirection {
  fields: MappingField[];
  actions: string[];
  lines: Array<{ as: string; fields: MappingField[] }>;
}

export interface ConnectorModule {
  name: string;
  label: string;
  bssEntity: string;
  connectwise: { resource: string; label: string };
  abilities: {
    push: { create: boolean; update: boolean; delete: boolean };
    pull: { create: boolean; update: boolean };
  };
  warnings: string[];
  notes: string[];
  push: MappingDirection | null;
  pull: MappingDirection | null;
}

export interface ConnectorDefinition {
  title: string;
  version: string;
  modules: ConnectorModule[];
  lookups: Array<{ name: string; label: string; description: string; bssEntity: string }>;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}
