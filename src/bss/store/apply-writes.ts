import type { Insertable, Kysely, Transaction } from 'kysely';
import type { BssRecord } from '../records/index.js';
import type { EntitySchema } from '../records/entity-schema.js';
import { writeJsonColumn } from '../../db/json-column.js';
import type {
  BssRecordChangesTable,
  BssRecordKeysTable,
  BssRecordsTable,
  Database,
} from '../../db/schema.js';
import { queryTemplate } from '../../db/query-template.js';
import { computeRecordKeys } from './record-keys.js';
import { unlinkDeletedRecords } from './record-links.js';
import { chunksOf, loadIntegrationIds, toBssRecord, type StoredRecord } from './record-rows.js';
import type { ChangeAction, WriteContext } from './types.js';

export interface PlannedWrite {
  action: ChangeAction;
  /** The record after the write (its last state when deleted). */
  stored: StoredRecord;
  /** Who made this write, when writes of several writers share one transaction; else `applyWrites`'s ctx. */
  ctx?: WriteContext;
}

/**
 * Writes records, their keys and their change rows in bulk inside the caller's transaction, so a record and
 * its change row always commit (or roll back) together. Returns each write's resulting record, in order.
 */
export async function applyWrites(
  trx: Transaction<Database>,
  schema: EntitySchema,
  writes: readonly PlannedWrite[],
  ctx: WriteContext,
): Promise<BssRecord[]> {
  const entity = schema.name;
  const finalById = new Map<string, PlannedWrite>();
  for (const write of writes) finalById.set(write.stored.id, write);
  const finals = [...finalById.values()];
  const kept = finals.filter((write) => write.action !== 'deleted');
  const deletedIds = finals.filter((write) => write.action === 'deleted').map((write) => write.stored.id);

  for (const chunk of chunksOf(kept)) {
    const rows = chunk.map(({ stored }) => ({
      entity,
      id: stored.id,
      version: stored.version,
      data: writeJsonColumn(stored.data),
      created_at: stored.createdAt,
      updated_at: stored.updatedAt,
    }));
    if (rows.length === 1) {
      const [row] = rows;
      await upsertOneRecord(trx, entity, row!.id, row!.version, row!.data, row!.created_at, row!.updated_at);
    } else {
      await upsertRecordRows(trx, rows).execute();
    }
  }
  for (const chunk of chunksOf(deletedIds)) {
    await trx.deleteFrom('bss_records').where('entity', '=', entity).where('id', 'in', chunk).execute();
    // A deleted record's IntegrationIds go with it: a record made later under the same id is matched anew.
    await unlinkDeletedRecords(trx, entity, chunk);
  }

  // A record this batch created had no keys before it (keys are written and deleted with their record only).
  const existedBefore = new Map<string, boolean>();
  for (const write of writes) {
    if (!existedBefore.has(write.stored.id)) existedBefore.set(write.stored.id, write.action !== 'created');
  }
  const hadKeys = [...existedBefore].flatMap(([id, existed]) => (existed ? [id] : []));
  for (const chunk of chunksOf(hadKeys)) {
    await trx
      .deleteFrom('bss_record_keys')
      .where('entity', '=', entity)
      .where('record_id', 'in', chunk)
      .execute();
  }
  const keys = kept.flatMap(({ stored }) => computeRecordKeys(schema, stored.id, stored.data));
  if (keys.length > 0 && keys.length <= maxKeysCompiled) {
    await insertKeysTemplate(keys.length)(trx, ...keys.flatMap(keyRowArgs));
  } else {
    for (const chunk of chunksOf(keys)) await trx.insertInto('bss_record_keys').values(chunk).execute();
  }

  const links = await loadIntegrationIds(trx, entity, [...finalById.keys()]);
  const records = writes.map(({ stored }) => toBssRecord(stored, links.get(stored.id) ?? {}));
  const changes = writes.map((write, index) => ({
    entity,
    record_id: write.stored.id,
    action: write.action,
    origin: (write.ctx ?? ctx).origin,
    version: write.stored.version,
    record: write.action === 'deleted' ? null : writeJsonColumn(records[index]),
    actor: (write.ctx ?? ctx).actor ?? null,
    at: write.stored.updatedAt,
  }));
  for (const chunk of chunksOf(changes)) {
    if (chunk.length === 1) {
      const [row] = chunk;
      await insertOneChange(trx, ...changeRowArgs(row!));
    } else {
      await trx.insertInto('bss_record_changes').values(chunk).execute();
    }
  }
  return records;
}

type RecordRow = Insertable<BssRecordsTable>;
type ChangeRow = Insertable<BssRecordChangesTable>;

function upsertRecordRows(db: Kysely<Database>, rows: RecordRow[]) {
  return db
    .insertInto('bss_records')
    .values(rows)
    .onConflict((conflict) =>
      conflict.columns(['entity', 'id']).doUpdateSet((update) => ({
        version: update.ref('excluded.version'),
        data: update.ref('excluded.data'),
        updated_at: update.ref('excluded.updated_at'),
      })),
    );
}

/**
 * One record's row and one change row, compiled once: a pull writes records one at a time, and building a
 * Kysely insert costs more than SQLite takes to run it (issue 14).
 */
const upsertOneRecord = queryTemplate<unknown, [string, string, number, string, string, string]>(
  6,
  (db, entity, id, version, data, createdAt, updatedAt) =>
    upsertRecordRows(db, [
      {
        entity: entity!,
        id: id!,
        version: version as unknown as number,
        data: data!,
        created_at: createdAt!,
        updated_at: updatedAt!,
      },
    ]),
);

type ChangeRowArgs = [string, string, string, string, number, string | null, string | null, string];

const insertOneChange = queryTemplate<unknown, ChangeRowArgs>(
  8,
  (db, entity, recordId, action, origin, version, record, actor, at) =>
    db.insertInto('bss_record_changes').values({
      entity: entity!,
      record_id: recordId!,
      action: action as ChangeAction,
      origin: origin as ChangeRow['origin'],
      version: version as unknown as number,
      record: record!,
      actor: actor!,
      at: at!,
    }),
);

function changeRowArgs(row: ChangeRow): ChangeRowArgs {
  return [
    row.entity,
    row.record_id,
    row.action,
    row.origin,
    row.version,
    row.record ?? null,
    row.actor ?? null,
    row.at,
  ];
}

/** A record's keys (a filter or two, a reference or two) are inserted by a statement compiled once per count. */
const maxKeysCompiled = 4;
const insertKeysTemplates = new Map<number, (db: Kysely<Database>, ...args: KeyArgs) => Promise<unknown>>();
type KeyArgs = Array<string | null>;

function insertKeysTemplate(rows: number) {
  let template = insertKeysTemplates.get(rows);
  if (template === undefined) {
    template = queryTemplate<unknown, KeyArgs>(rows * 5, (db, ...slots) =>
      db.insertInto('bss_record_keys').values(
        Array.from({ length: rows }, (_, row) => ({
          entity: slots[row * 5]!,
          record_id: slots[row * 5 + 1]!,
          name: slots[row * 5 + 2]!,
          value: slots[row * 5 + 3]!,
          target_entity: slots[row * 5 + 4]!,
        })),
      ),
    );
    insertKeysTemplates.set(rows, template);
  }
  return template;
}

function keyRowArgs(key: BssRecordKeysTable): KeyArgs {
  return [key.entity, key.record_id, key.name, key.value, key.target_entity];
}
