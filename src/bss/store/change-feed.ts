import type { Kysely, Selectable } from 'kysely';
import type { BssRecord } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import { readJsonColumn } from '../../db/json-column.js';
import type { BssRecordChangesTable, Database } from '../../db/schema.js';
import { InvalidQueryError } from './invalid-query-error.js';
import { maxPageSize } from './list-records.js';
import type { Change, ChangeFilter, Origin } from './types.js';

/**
 * Changes after a cursor, in commit order. The cursor is the change's sequence number; writers take the record
 * write lock (see write-lock.ts), so sequence numbers commit in order and a cursor never skips a change.
 * When nothing is new, nextCursor is the cursor given, so a poller keeps its place.
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
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    throw new InvalidQueryError([
      {
        path: 'limit',
        rule: 'range',
        message: `must be an integer from 1 to ${maxPageSize}`,
        received: limit,
      },
    ]);
  }
  let select = db.selectFrom('bss_record_changes').selectAll();
  if (cursor !== null) select = select.where('seq', '>', cursor);
  if (filter.origin !== undefined) {
    const wanted: readonly Origin[] = typeof filter.origin === 'string' ? [filter.origin] : filter.origin;
    if (wanted.length === 0) return { changes: [], nextCursor: cursor };
    select = select.where('origin', 'in', [...wanted]);
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
  return { changes, nextCursor: changes.at(-1)?.cursor ?? cursor };
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
