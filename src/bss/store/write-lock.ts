import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

/** Any 64-bit number unique to cwsync's record writes. */
export const recordWriteLockKey = 4_712_001;

/**
 * Taken first in every write transaction. On PostgreSQL a transaction-scoped advisory lock makes record writers
 * commit one after another, so change-feed sequence numbers become visible in order and a reader's cursor never
 * skips a change that commits late; taking it before any row lock also rules out deadlocks between writers.
 * On SQLite a no-op write takes the database's write lock at once, so another process waits (busy_timeout)
 * instead of failing half-way through its transaction.
 */
export async function acquireRecordWriteLock(trx: Transaction<Database>): Promise<void> {
  if (dialectOf(trx as unknown as Kysely<unknown>) === 'postgres') {
    await sql`select pg_advisory_xact_lock(${recordWriteLockKey})`.execute(trx);
  } else {
    await sql`delete from bss_record_keys where 0 = 1`.execute(trx);
  }
}
