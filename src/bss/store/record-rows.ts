import type { Kysely, Selectable } from 'kysely';
import type { BssRecord } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import { readJsonColumn } from '../../db/json-column.js';
import type { Database, RecordLinksTable } from '../../db/schema.js';
import { queryTemplate } from '../../db/query-template.js';
import { integrationIdsOf } from './record-links.js';

export interface StoredRecord {
  id: string;
  version: number;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Bound well under SQLite's and PostgreSQL's limits on parameters per statement. */
export const chunkSize = 500;

export function chunksOf<T>(items: readonly T[], size = chunkSize): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

interface StoredRow {
  id: string;
  version: number;
  data: unknown;
  created_at: string;
  updated_at: string;
}

/** One record by its id, compiled once: every push reads its record and the records it depends on this way. */
const storedRecordById = queryTemplate<StoredRow, [string, string]>(2, (db, entity, id) =>
  db
    .selectFrom('bss_records')
    .select(['id', 'version', 'data', 'created_at', 'updated_at'])
    .where('entity', '=', entity!)
    .where('id', '=', id!),
);

export async function loadStoredRecords(
  db: Kysely<Database>,
  entity: EntityName,
  ids: readonly string[],
): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  if (ids.length === 1) {
    const [row] = (await storedRecordById(db, entity, ids[0]!)).rows;
    if (row !== undefined) found.set(row.id, toStoredRecord(row));
    return found;
  }
  for (const chunk of chunksOf([...new Set(ids)])) {
    const rows = await db
      .selectFrom('bss_records')
      .select(['id', 'version', 'data', 'created_at', 'updated_at'])
      .where('entity', '=', entity)
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) found.set(row.id, toStoredRecord(row));
  }
  return found;
}

/** A stored record's columns, read from `bss_records` (or a page of it) under the alias `r`. */
export const recordColumns = ['r.id', 'r.version', 'r.data', 'r.created_at', 'r.updated_at'] as const;

/** One record by its id, joined to its link rows (a row per instance it is linked on; one with nulls if none). */
function recordJoinedToItsLinks(db: Kysely<Database>, entity: string, id: string) {
  return db
    .selectFrom('bss_records as r')
    .leftJoin('record_links as l', (join) =>
      join.onRef('l.entity', '=', 'r.entity').onRef('l.record_id', '=', 'r.id'),
    )
    .where('r.entity', '=', entity)
    .where('r.id', '=', id);
}

/**
 * One record by its id with its links' ConnectWise ids, in one statement (a row per instance it is linked on):
 * every push reads its record and the records it depends on, and a second statement for the links was a tenth
 * of the statements a pushed record runs (issue 14).
 */
const recordWithIntegrationIds = queryTemplate<
  StoredRow & { instance_id: string | null; integration_id: string | null },
  [string, string]
>(2, (db, entity, id) =>
  recordJoinedToItsLinks(db, entity!, id!).select([...recordColumns, 'l.instance_id', 'l.integration_id']),
);

/** A link row as a record is read with it (`loadBssRecordWithLinks`): the engine's snapshot columns included. */
export type LinkRowInRecord = Pick<
  Selectable<RecordLinksTable>,
  'instance_id' | 'record_id' | 'integration_id' | 'pushed_body' | 'bss_values' | 'connectwise_last_updated'
>;

const linkRowsKey = Symbol('cwsync.linkRows');

/**
 * One record by its id with its whole links (snapshots included), in one statement: the record a push pushes, whose
 * own link the engine diffs against — read apart, it was a second statement for every linked record pushed.
 */
const recordWithLinks = queryTemplate<
  StoredRow & { [Column in keyof LinkRowInRecord]: LinkRowInRecord[Column] | null },
  [string, string]
>(2, (db, entity, id) =>
  recordJoinedToItsLinks(db, entity!, id!).select([
    ...recordColumns,
    'l.instance_id',
    'l.record_id',
    'l.integration_id',
    'l.pushed_body',
    'l.bss_values',
    'l.connectwise_last_updated',
  ]),
);

/**
 * A record as the store hands it out, carrying also its link rows by instance (not enumerable: not part of the
 * record, never serialised), for `linkRowsInRecord`; undefined when there is none.
 */
export async function loadBssRecordWithLinks(
  db: Kysely<Database>,
  entity: EntityName,
  id: string,
): Promise<BssRecord | undefined> {
  const { rows } = await recordWithLinks(db, entity, id);
  const [first] = rows;
  if (first === undefined) return undefined;
  const integrationIds: Record<string, string> = {};
  const links = new Map<string, LinkRowInRecord>();
  for (const row of rows) {
    if (row.instance_id === null || row.integration_id === null || row.record_id === null) continue;
    integrationIds[row.instance_id] = row.integration_id;
    links.set(row.instance_id, {
      instance_id: row.instance_id,
      record_id: row.record_id,
      integration_id: row.integration_id,
      pushed_body: row.pushed_body,
      bss_values: row.bss_values,
      connectwise_last_updated: row.connectwise_last_updated,
    });
  }
  const record = toBssRecord(toStoredRecord(first), integrationIds);
  Object.defineProperty(record, linkRowsKey, { value: links, enumerable: false });
  return record;
}

/** The link rows a record was read with by `loadBssRecordWithLinks`, by instance; undefined for any other record. */
export function linkRowsInRecord(record: object): ReadonlyMap<string, LinkRowInRecord> | undefined {
  return (record as { [linkRowsKey]?: ReadonlyMap<string, LinkRowInRecord> })[linkRowsKey];
}

/** A record as the store hands it out (its `integrationIds` included), or undefined when there is none. */
export async function loadBssRecord(
  db: Kysely<Database>,
  entity: EntityName,
  id: string,
): Promise<BssRecord | undefined> {
  const { rows } = await recordWithIntegrationIds(db, entity, id);
  const [first] = rows;
  if (first === undefined) return undefined;
  const integrationIds: Record<string, string> = {};
  for (const row of rows) {
    if (row.instance_id !== null && row.integration_id !== null) {
      integrationIds[row.instance_id] = row.integration_id;
    }
  }
  return toBssRecord(toStoredRecord(first), integrationIds);
}

export function toStoredRecord(row: StoredRow): StoredRecord {
  return {
    id: row.id,
    version: Number(row.version),
    data: readJsonColumn<Record<string, unknown>>(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function loadIntegrationIds(
  db: Kysely<Database>,
  entity: EntityName,
  ids: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const links = new Map<string, Record<string, string>>();
  for (const chunk of chunksOf([...new Set(ids)])) {
    for (const row of await integrationIdsOf(db, entity, chunk)) {
      links.set(row.recordId, { ...links.get(row.recordId), [row.instanceId]: row.integrationId });
    }
  }
  return links;
}

/** The representation: id first, then the record's fields, then the envelope. */
export function toBssRecord(stored: StoredRecord, integrationIds: Record<string, string> = {}): BssRecord {
  return {
    id: stored.id,
    ...stored.data,
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    integrationIds,
  };
}
