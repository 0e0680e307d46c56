import type { Kysely, Selectable } from 'kysely';
import type { BssRecord } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import { readJsonColumn } from '../../db/json-column.js';
import type { BssRecordChangesTable, Database } from '../../db/schema.js';
import { InvalidQueryError } from './invalid-query-error.js';
import { checkPageLimit } from './list-records.js';
import type { Change, ChangeFilter, Origin } from './types.js';

/**
 * Changes after a cursor, in commit order. The cursor is the change's sequence number; writers take the record
 * write lock (see write-lock.ts), so sequence numbers commit in order and a cursor never skips a change.
 * When nothing is new, nextCursor is the cursor given, so a poller keeps its place; a filtered read that found
 * fewer than `limit` changes moves it past the changes it left out (to the newest at the time of the read).
 */
export async function readChangesAfter(
  db: Kysely<Database>,
  cursor: string | null,
  limit: number,
  filter: ChangeFilter = {},
): Promise<{ changes: Change[]; nextCursor: string | null }> {
  if (cursor !== null && !/^\d{1,18}$/.test(cursor)) {
    throw new InvalidQueryError([
      { path: 'after', rule: 'cursor', message: 'is not a cursor this API returned', received: cursor },
    ]);
  }
  checkPageLimit(limit);
  let select = db.selectFrom('bss_record_changes').selectAll();
  if (cursor !== null) select = select.where('seq', '>', cursor);
  // With a filter, the changes it leaves out are passed over too: the cursor moves up to the newest change committed
  // when the read began, so the next read starts there instead of scanning them again — a sync feeder reading the
  // API's and imports' changes would otherwise read every change a long pull wrote on every poll, ever longer.
  let newest: string | undefined;
  if (filter.origin !== undefined) {
    const wanted: readonly Origin[] = typeof filter.origin === 'string' ? [filter.origin] : filter.origin;
    if (wanted.length === 0) return { changes: [], nextCursor: cursor };
    newest = await newestSeq(db);
    if (newest === undefined) return { changes: [], nextCursor: cursor };
    select = select.where('origin', 'in', [...wanted]).where('seq', '<=', newest);
  }
  const rows = await select.orderBy('seq').limit(limit).execute();
  const changes = rows.map((row): Change => ({
    cursor: String(row.seq),
    entity: row.entity as EntityName,
    recordId: row.record_id,
    action: row.action,
    origin: row.origin,
    version: Number(row.version),
    record: row.record === null ? null : readJsonColumn<BssRecord>(row.record),
    at: row.at,
  }));
  if (changes.length === 0 && cursor !== null) await refuseCursorAhead(db, cursor);
  // A full page may have more after it; a short one saw everything up to `newest` (writers commit in `seq` order).
  const passedOver =
    newest !== undefined && rows.length < limit && (cursor === null || BigInt(newest) > BigInt(cursor));
  return { changes, nextCursor: passedOver ? newest! : (changes.at(-1)?.cursor ?? cursor) };
}

/** The newest change's sequence number, or undefined when the feed is empty. */
async function newestSeq(db: Kysely<Database>): Promise<string | undefined> {
  const { latest } = await db
    .selectFrom('bss_record_changes')
    .select((eb) => eb.fn.max('seq').as('latest'))
    .executeTakeFirstOrThrow();
  return latest === null || latest === undefined ? undefined : String(latest);
}

/**
 * A cursor past the newest change was not handed out by this feed (another database, a typo): a poller that
 * kept it would silently skip every change up to it, so it is refused.
 */
async function refuseCursorAhead(db: Kysely<Database>, cursor: string): Promise<void> {
  const { latest } = await db
    .selectFrom('bss_record_changes')
    .select((eb) => eb.fn.max('seq').as('latest'))
    .executeTakeFirstOrThrow();
  const newest = latest === null || latest === undefined ? 0n : BigInt(latest);
  if (BigInt(cursor) > newest) {
    throw new InvalidQueryError([
      {
        path: 'after',
        rule: 'cursor',
        message: `is ahead of the change feed (its newest cursor is ${newest})`,
        received: cursor,
      },
    ]);
  }
}

/** Every change row of one record, oldest first (a record's story). */
export async function changesOfRecord(
  db: Kysely<Database>,
  record: { entity: string; recordId: string },
): Promise<Array<Selectable<BssRecordChangesTable>>> {
  return db
    .selectFrom('bss_record_changes')
    .selectAll()
    .where('entity', '=', record.entity)
    .where('record_id', '=', record.recordId)
    .orderBy('seq')
    .execute();
}
