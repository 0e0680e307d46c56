import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { entitySchemas, type BssRecord } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import type { EntitySchema } from '../records/entity-schema.js';
import type { Database } from '../../db/schema.js';
import { applyWrites } from './apply-writes.js';
import { readChangesAfter } from './change-feed.js';
import { findReferenceCycle } from './check-reference-cycles.js';
import { throwOnMissingReferences } from './check-references.js';
import { DuplicateRecordError, RecordInUseError, RecordNotFoundError } from './errors.js';
import { findReferrers } from './find-referrers.js';
import { writeUpsertGroup, type PendingUpsert, type UpsertOutcome } from './grouped-upserts.js';
import { listRecords } from './list-records.js';
import { applyMergePatch } from './merge-patch.js';
import { validateBatchRows, writeValidatedRows } from './write-batch.js';
import { checkExpectedVersion, planDelete, planSave } from './plan-write.js';
import {
  loadBssRecord,
  loadBssRecordWithLinks,
  loadIntegrationIds,
  loadStoredRecords,
  toBssRecord,
  type StoredRecord,
} from './record-rows.js';
import type { BatchRowResult, RecordStore, WriteContext } from './types.js';
import {
  checkAddressedId,
  requireJsonObject,
  validateInput,
  withoutReadOnlyFields,
} from './validate-input.js';
import { acquireRecordWriteLock } from './write-lock.js';
import { signalWrites } from './write-signals.js';

/**
 * `work` in a savepoint of the caller's transaction (which took the write lock, if it writes, on its own). One
 * name for all: a release or rollback names the innermost savepoint of that name, and one SQL text each stays
 * prepared.
 */
async function inSavepoint<T>(
  trx: Transaction<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  await sql`savepoint store_write`.execute(trx);
  try {
    const result = await work(trx);
    await sql`release savepoint store_write`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint store_write`.execute(trx);
    await sql`release savepoint store_write`.execute(trx);
    throw error;
  }
}

/** Most upserts one queued group writes in one transaction. */
export const maxUpsertGroup = 100;

interface QueuedUpsert extends PendingUpsert {
  settle(outcome: UpsertOutcome): void;
}

/**
 * The store over `db`. Over a transaction (`db.isTransaction`: a caller writing many records and its own rows in one
 * commit, the poll's page on SQLite) each write is a savepoint of it instead of a transaction of its own: a write
 * that fails is undone alone, as it would be on its own, and the rest commit or roll back with the caller's.
 */
export function createRecordStore(db: Kysely<Database>): RecordStore {
  const inWriteTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
    db.isTransaction
      ? inSavepoint(db as Transaction<Database>, work)
      : db.transaction().execute(async (trx) => {
          await acquireRecordWriteLock(trx);
          return work(trx);
        });

  const loadOne = async (
    trx: Kysely<Database>,
    entity: EntityName,
    id: string,
  ): Promise<StoredRecord | undefined> => (await loadStoredRecords(trx, entity, [id])).get(id);

  const withLinks = async (
    trx: Kysely<Database>,
    entity: EntityName,
    stored: StoredRecord,
  ): Promise<BssRecord> =>
    toBssRecord(stored, (await loadIntegrationIds(trx, entity, [stored.id])).get(stored.id) ?? {});

  /** Checks references (and that they close no cycle), then writes (or, when nothing changed, returns the record as it is). */
  const saveRecord = async (
    trx: Transaction<Database>,
    schema: EntitySchema,
    id: string,
    current: StoredRecord | undefined,
    data: Record<string, unknown>,
    ctx: WriteContext,
  ): Promise<{ record: BssRecord; created: boolean }> => {
    const write = planSave(schema.name, id, current, data, ctx.expectedVersion, new Date().toISOString());
    if (write === null) return { record: await withLinks(trx, schema.name, current!), created: false };
    await throwOnMissingReferences(trx, schema, id, data);
    const cycle = await findReferenceCycle(trx, schema, id, data, current?.data);
    if (cycle !== undefined) throw cycle;
    const [record] = await applyWrites(trx, schema, [write], ctx);
    return { record: record!, created: write.action === 'created' };
  };

  const saveAlone = async (trx: Transaction<Database>, upsert: PendingUpsert) =>
    saveRecord(
      trx,
      upsert.schema,
      upsert.id,
      await loadOne(trx, upsert.schema.name, upsert.id),
      upsert.data,
      upsert.ctx,
    );

  const upsertAlone = (upsert: PendingUpsert): Promise<UpsertOutcome> =>
    inWriteTransaction((trx) => saveAlone(trx, upsert)).then(
      (saved): UpsertOutcome => ({ ok: true, ...saved }),
      (error: unknown): UpsertOutcome => ({ ok: false, error }),
    );

  /**
   * Upserts wait here while this store is writing: one writer at a time holds the record write lock anyway, so
   * the ones that queued up meanwhile (or arrived in the same turn of the event loop) are written together (see
   * writeUpsertGroup), sharing one transaction, one lock and one commit. An upsert with no company is written
   * alone, exactly as before the queue existed.
   */
  const upsertQueue: QueuedUpsert[] = [];
  let writingUpserts = false;

  const writeQueuedUpserts = async (): Promise<void> => {
    writingUpserts = true;
    try {
      while (upsertQueue.length > 0) {
        const group = upsertQueue.splice(0, maxUpsertGroup);
        if (group.length === 1) {
          group[0]!.settle(await upsertAlone(group[0]!));
          continue;
        }
        let outcomes: UpsertOutcome[];
        try {
          outcomes = await inWriteTransaction((trx) => writeUpsertGroup(trx, group, saveAlone));
        } catch {
          // Nothing of the group was written; retried one by one, only an upsert at fault fails.
          for (const upsert of group) upsert.settle(await upsertAlone(upsert));
          continue;
        }
        group.forEach((upsert, index) => upsert.settle(outcomes[index]!));
      }
    } finally {
      writingUpserts = false;
    }
  };

  return signalWrites(db, {
    async create(entity, input, ctx) {
      const schema = entitySchemas[entity];
      const { id = randomUUID(), data } = validateInput(schema, input);
      return inWriteTransaction(async (trx) => {
        if ((await loadOne(trx, entity, id)) !== undefined) throw new DuplicateRecordError(entity, id);
        return (await saveRecord(trx, schema, id, undefined, data, { ...ctx, expectedVersion: undefined }))
          .record;
      });
    },

    async upsert(entity, id, input, ctx) {
      const schema = entitySchemas[entity];
      const validated = validateInput(schema, input);
      checkAddressedId(schema, id, validated.id);
      const outcome = await new Promise<UpsertOutcome>((settle) => {
        upsertQueue.push({ schema, id, data: validated.data, ctx, settle });
        if (!writingUpserts) {
          writingUpserts = true;
          // Started after the requests that came in with this one got here too: on SQLite a write never waits
          // for I/O, so without this no other upsert would ever queue behind it.
          setImmediate(() => void writeQueuedUpserts());
        }
      });
      if (!outcome.ok) throw outcome.error;
      return { record: outcome.record, created: outcome.created };
    },

    async update(entity, id, partial, ctx) {
      const schema = entitySchemas[entity];
      requireJsonObject(schema, partial);
      checkAddressedId(schema, id, partial.id);
      return inWriteTransaction(async (trx) => {
        const current = await loadOne(trx, entity, id);
        if (current === undefined) throw new RecordNotFoundError(entity, id);
        checkExpectedVersion(entity, id, current, ctx.expectedVersion);
        const merged = applyMergePatch(current.data, withoutReadOnlyFields(partial));
        const { data } = validateInput(schema, merged);
        return (await saveRecord(trx, schema, id, current, data, ctx)).record;
      });
    },

    async remove(entity, id, ctx) {
      const schema = entitySchemas[entity];
      await inWriteTransaction(async (trx) => {
        const current = await loadOne(trx, entity, id);
        if (current === undefined) throw new RecordNotFoundError(entity, id);
        checkExpectedVersion(entity, id, current, ctx.expectedVersion);
        const referrers = await findReferrers(trx, entity, id);
        if (referrers.length > 0) throw new RecordInUseError(entity, id, referrers);
        await applyWrites(trx, schema, [planDelete(current, new Date().toISOString())], ctx);
      });
    },

    get: (entity, id) => loadBssRecord(db, entity, id),

    getWithLinks: (entity, id) => loadBssRecordWithLinks(db, entity, id),

    list: (entity, query) => listRecords(db, entity, query),

    async writeBatch(entity, rows, ctx, options = {}) {
      const schema = entitySchemas[entity];
      const { results, valid } = validateBatchRows(schema, rows);
      const rolledBackDryRun = new Error('dry run: roll back');
      await inWriteTransaction(async (trx) => {
        await writeValidatedRows(trx, schema, valid, results, ctx);
        if (options.dryRun === true) throw rolledBackDryRun;
      }).catch((error: unknown) => {
        if (error !== rolledBackDryRun) throw error;
      });
      return results as BatchRowResult[];
    },

    changesAfter: (cursor, limit, filter) => readChangesAfter(db, cursor, limit, filter),
  });
}
