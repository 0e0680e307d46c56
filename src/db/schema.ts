import type { ColumnType, Generated } from 'kysely';

/** JSON is json on PostgreSQL (read back parsed) and text on SQLite (read back as a string). */
export type JsonColumn = ColumnType<unknown, string, string>;

export interface BssRecordsTable {
  entity: string;
  id: string;
  version: number;
  data: JsonColumn;
  created_at: string;
  updated_at: string;
}

/** The indexed values of a record: its filters, and the ids it references (`target_entity` set). */
export interface BssRecordKeysTable {
  entity: string;
  record_id: string;
  name: string;
  value: string;
  target_entity: string | null;
}

/** The outbox and change feed: one row per write, committed with the record. */
export interface BssRecordChangesTable {
  /** bigserial on PostgreSQL (read back as a string), integer on SQLite. */
  seq: Generated<string | number>;
  entity: string;
  record_id: string;
  action: 'created' | 'updated' | 'deleted';
  origin: 'api' | 'import' | 'pull';
  version: number;
  record: ColumnType<unknown, string | null, string | null>;
  actor: string | null;
  at: string;
}

export interface RecordLinksTable {
  instance_id: string;
  entity: string;
  record_id: string;
  integration_id: string;
  linked_at: string;
  /** the engine's snapshot (issue 4): the body last written to ConnectWise, as JSON */
  pushed_body: ColumnType<unknown, string | null | undefined, string | null>;
  /** the BSS values when both sides were last in step, as JSON */
  bss_values: ColumnType<unknown, string | null | undefined, string | null>;
  connectwise_last_updated: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One ConnectWise tenant; its API keys are sealed with the SecretBox. */
export interface ConnectorInstancesTable {
  id: string;
  name: string;
  site_url: string;
  company_id: string;
  public_key: string;
  private_key: string;
  client_id: string;
  api_version: string;
  server_variables: JsonColumn;
  sync_options: JsonColumn;
  /** `<module>.<push|pull>.<target>` → JSONata expression or null (see engine/definition/mapping-overrides.ts) */
  mapping_overrides: ColumnType<unknown, string | undefined, string>;
  /** 1 or 0 */
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** An instance's synchronization lookups: BSS internal id → ConnectWise integration id. */
export interface SyncLookupsTable {
  instance_id: string;
  lookup: string;
  internal_id: string;
  internal_name: string | null;
  integration_id: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The embedded job queue: one row per job; at most one waiting row per key. Times are ISO-8601 UTC text. */
export interface SyncJobsTable {
  /** bigserial on PostgreSQL (read back as a string), integer on SQLite. */
  id: Generated<string | number>;
  job_key: string;
  kind: string;
  instance_id: string;
  module: string;
  record_id: string;
  payload: ColumnType<unknown, string | null, string | null>;
  state: 'waiting' | 'running' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** The connector report: one row per record not in step, per direction. Times are ISO-8601 UTC text. */
export interface SyncReportTable {
  instance_id: string;
  module: string;
  record_id: string;
  direction: 'push' | 'pull';
  action: string;
  outcome: 'failed' | 'waiting' | 'ambiguous' | 'conflict' | 'warning' | 'review';
  field: string | null;
  message: string;
  connectwise: ColumnType<unknown, string | null, string | null>;
  candidates: ColumnType<unknown, string | null, string | null>;
  /** a warning's values: what was sent and what ConnectWise kept, per field */
  differences: ColumnType<unknown, string | null | undefined, string | null>;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
}

/** What the sync did per instance and minute (`YYYY-MM-DDTHH:MM`, UTC); a day of it is kept. */
export interface SyncActivityTable {
  instance_id: string;
  minute: string;
  synced: Generated<number>;
  failed: Generated<number>;
  waiting: Generated<number>;
  calls: Generated<number>;
  rate_limited: Generated<number>;
}

/** The run log: one row per sync run of an instance's module and direction. */
export interface SyncRunsTable {
  /** bigserial on PostgreSQL (read back as a string), integer on SQLite. */
  id: Generated<string | number>;
  instance_id: string;
  module: string;
  direction: 'push' | 'pull';
  trigger: 'schedule' | 'manual' | 'callback' | 'retry';
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'succeeded' | 'failed';
  counts: ColumnType<unknown, string | null, string | null>;
  /** how many records a manual run queued; null for runs that find their records as they go */
  expected: number | null;
}

/** A record that waits for another to be in ConnectWise (push) or in the BSS (pull); its success wakes it. */
export interface SyncWaitsTable {
  instance_id: string;
  module: string;
  record_id: string;
  waits_for_module: string;
  waits_for_record: string;
  direction: 'push' | 'pull';
  /** the run the waiting record is counted in, if any */
  run_id: string | null;
  created_at: string;
}

/** A create whose outcome is not known yet (see migration 0010). */
export interface SyncCreateAttemptsTable {
  instance_id: string;
  module: string;
  record_id: string;
  attempted_at: string;
}

/** Where an instance's change-feed reader and pollers are: a cursor, a watermark, a checkpoint (JSON text). */
export interface SyncCursorsTable {
  instance_id: string;
  name: string;
  value: string;
  updated_at: string;
}

/** The latest outcome of each record a run touched: the run's counts are grouped from it. */
export interface SyncRunRecordsTable {
  run_id: string;
  module: string;
  record_id: string;
  outcome: string;
  at: string;
}

export interface Database {
  bss_records: BssRecordsTable;
  bss_record_keys: BssRecordKeysTable;
  bss_record_changes: BssRecordChangesTable;
  record_links: RecordLinksTable;
  api_tokens: ApiTokensTable;
  sync_jobs: SyncJobsTable;
  connector_instances: ConnectorInstancesTable;
  sync_lookups: SyncLookupsTable;
  sync_report: SyncReportTable;
  sync_runs: SyncRunsTable;
  sync_activity: SyncActivityTable;
  sync_waits: SyncWaitsTable;
  sync_create_attempts: SyncCreateAttemptsTable;
  sync_cursors: SyncCursorsTable;
  sync_run_records: SyncRunRecordsTable;
}
