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
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface Database {
  bss_records: BssRecordsTable;
  bss_record_keys: BssRecordKeysTable;
  bss_record_changes: BssRecordChangesTable;
  record_links: RecordLinksTable;
  api_tokens: ApiTokensTable;
}
