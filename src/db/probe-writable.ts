import { sql, type Kysely } from 'kysely';
import { databaseBusyTimeoutMs } from './database-unavailable.js';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

export type WriteProbeResult = { writable: true } | { writable: false; error: unknown };

export interface WriteProbeOptions {
  /** how long one probe's answer is reused (default 1 s): `/ready` may be polled often, the probe runs at most this often */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Whether the database can be written now: on SQLite, takes the write lock without waiting (`begin immediate`
 * with no busy timeout) and lets it go; on PostgreSQL, a no-op delete in a transaction that may wait one second
 * for a lock (a read-only server or a held table lock fails it). Nothing is written either way.
 */
export function createWriteProbe(
  db: Kysely<Database>,
  options: WriteProbeOptions = {},
): () => Promise<WriteProbeResult> {
  const cacheMs = options.cacheMs ?? 1_000;
  const now = options.now ?? Date.now;
  let last: { at: number; result: WriteProbeResult } | undefined;
  let inFlight: Promise<WriteProbeResult> | undefined;

  const probe = async (): Promise<WriteProbeResult> => {
    try {
      await (dialectOf(db as unknown as Kysely<unknown>) === 'postgres'
        ? probePostgres(db)
        : probeSqlite(db));
      return { writable: true };
    } catch (error) {
      return { writable: false, error };
    }
  };

  return async () => {
    if (last !== undefined && now() - last.at < cacheMs) return last.result;
    inFlight ??= probe().then((result) => {
      last = { at: now(), result };
      inFlight = undefined;
      return result;
    });
    return inFlight;
  };
}

async function probeSqlite(db: Kysely<Database>): Promise<void> {
  // One connection: lowering its busy timeout for the probe must not outlive it.
  await db.connection().execute(async (connection) => {
    await sql`pragma busy_timeout = 0`.execute(connection);
    try {
      await sql`begin immediate`.execute(connection);
      await sql`rollback`.execute(connection);
    } finally {
      await sql.raw(`pragma busy_timeout = ${databaseBusyTimeoutMs}`).execute(connection);
    }
  });
}

async function probePostgres(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '1s'`.execute(trx);
    await sql`set local statement_timeout = '2s'`.execute(trx);
    await sql`delete from bss_record_keys where false`.execute(trx);
  });
}
