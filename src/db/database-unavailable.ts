/**
 * How long a statement waits for a lock another connection holds before it fails (SQLite `busy_timeout`,
 * PostgreSQL `lock_timeout`): long enough for another process's write transaction (milliseconds) to end, short
 * enough that a database held locked is answered with a 503 the client can retry, not a request that hangs.
 */
export const databaseBusyTimeoutMs = 3_000;

// SQLite result codes (better-sqlite3 `SqliteError.code`, extended codes included) meaning the database cannot
// be written right now: held by another connection, moved or deleted under us, read-only, out of disk, I/O.
const sqliteUnavailable = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|CANTOPEN|FULL)/;

// PostgreSQL SQLSTATEs: connection exceptions (class 08), the server shutting down or starting (57P0x), too many
// connections, a lock or statement timeout, a read-only (standby) server.
const postgresUnavailable = /^(08...|57P0[1-4]|53300|55P03|57014|25006)$/;

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

// node-postgres says these in words only.
const postgresClientMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end on the pool',
];

/**
 * Whether an error means the database is busy, locked or unreachable (a 503 to retry later) rather than a bug
 * or a refused statement. Follows `cause` chains (Kysely and the store wrap driver errors).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (sqliteUnavailable.test(code) || postgresUnavailable.test(code) || networkCodes.has(code))
        return true;
    }
    if (
      postgresClientMessages.some((message) => current instanceof Error && current.message.includes(message))
    )
      return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    current = current.cause;
  }
  return false;
}
