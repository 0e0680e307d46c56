import type { Kysely } from 'kysely';
import type { BssRecord } from '../records/index.js';
import { entitySchemas } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import type { Database } from '../../db/schema.js';
import { queryTemplate } from '../../db/query-template.js';
import { InvalidQueryError } from './invalid-query-error.js';
import { loadIntegrationIds, toBssRecord, toStoredRecord } from './record-rows.js';
import type { ListQuery } from './types.js';

export const defaultPageSize = 50;
export const maxPageSize = 500;

/** Records by id (byte order), one page at a time; the cursor is the last id of the page, base64url-encoded. */
export async function listRecords(
  db: Kysely<Database>,
  entity: EntityName,
  query: ListQuery,
): Promise<{ items: BssRecord[]; nextCursor: string | null }> {
  const schema = entitySchemas[entity];
  const limit = pageSize(query.limit);
  const filters = Object.entries(query.filters ?? {});
  const known = new Set(schema.filters.map((filter) => filter.name));
  const unknown = filters.filter(([name]) => !known.has(name));
  if (unknown.length > 0) {
    throw new InvalidQueryError(
      unknown.map(([name, value]) => ({
        path: name,
        rule: 'unknownFilter',
        message: `is not a filter of ${entity}; use one of: ${[...known].join(', ') || '(none)'}`,
        received: value,
      })),
    );
  }

  const [first, second] = filters;
  const rows =
    query.after !== undefined || first === undefined || filters.length > 2
      ? await selectPage(db, entity, filters, query.after)
          .limit(limit + 1)
          .execute()
      : second === undefined
        ? (await firstPageByKey(db, entity, first[0], first[1], limit + 1)).rows
        : (await firstPageByTwoKeys(db, entity, first[0], first[1], second[0], second[1], limit + 1)).rows;
  const page = rows.slice(0, limit).map(toStoredRecord);
  const links = await loadIntegrationIds(
    db,
    entity,
    page.map((stored) => stored.id),
  );
  const items = page.map((stored) => toBssRecord(stored, links.get(stored.id) ?? {}));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeListCursor(last.id) : null };
}

/** A page of an entity's records, by id: after a cursor's id, narrowed by filters. */
function selectPage(
  db: Kysely<Database>,
  entity: EntityName,
  filters: ReadonlyArray<readonly [string, string]>,
  after: string | undefined,
) {
  let select = db
    .selectFrom('bss_records as r')
    .select(['r.id', 'r.version', 'r.data', 'r.created_at', 'r.updated_at'])
    .where('r.entity', '=', entity);
  if (after !== undefined) select = select.where('r.id', '>', decodeListCursor(after));
  // `id in (the keys' records)`, not a correlated `exists`: SQLite then reads the few records the key index
  // names instead of walking every record of the entity in id order and probing the keys for each (7 ms per
  // lookup at 9 000 contacts, against 0.06 ms; an account finding its primary contact runs one per push).
  for (const [name, value] of filters) {
    select = select.where('r.id', 'in', (eb) =>
      eb
        .selectFrom('bss_record_keys as k')
        .select('k.record_id')
        .where('k.entity', '=', entity)
        .where('k.name', '=', name)
        .where('k.value', '=', value),
    );
  }
  return select.orderBy('r.id');
}

/** The first page of records with one key's value, compiled once: the push's lookups by a key (a primary contact). */
const firstPageByKey = queryTemplate<
  { id: string; version: number; data: unknown; created_at: string; updated_at: string },
  [string, string, string, number]
>(4, (db, entity, name, value, limit) =>
  selectPage(db, entity as EntityName, [[name!, value!]], undefined).limit(limit as unknown as number),
);

/** The same with two keys' values, compiled once: a pulled contact's match (its account and email) runs one. */
const firstPageByTwoKeys = queryTemplate<
  { id: string; version: number; data: unknown; created_at: string; updated_at: string },
  [string, string, string, string, string, number]
>(6, (db, entity, name, value, secondName, secondValue, limit) =>
  selectPage(
    db,
    entity as EntityName,
    [
      [name!, value!],
      [secondName!, secondValue!],
    ],
    undefined,
  ).limit(limit as unknown as number),
);

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultPageSize;
  checkPageLimit(limit);
  return limit;
}

/** A page's `limit`: a whole number from 1 to `maxPageSize`, or an `invalid_query` naming it. */
export function checkPageLimit(limit: number): void {
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
}

export function encodeListCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeListCursor(cursor: string): string {
  const id = /^[A-Za-z0-9_-]{1,100}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(id)) {
    throw new InvalidQueryError([
      { path: 'after', rule: 'cursor', message: 'is not a cursor this API returned', received: cursor },
    ]);
  }
  return id;
}
