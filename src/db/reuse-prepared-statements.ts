import type { Database as BetterSqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** How many distinct statements stay prepared: the runner uses a few dozen; `in (…)` lists of each length add more. */
const cachedStatements = 500;

/**
 * better-sqlite3 for Kysely, keeping each SQL text's prepared statement instead of preparing it anew on every
 * call (Kysely's SQLite driver prepares per query: a fifth of the runner's CPU went into `prepare`). The least
 * recently used statement is dropped past `cachedStatements`. A statement still iterating (a streamed select) is
 * never handed out twice: a fresh one is prepared for the second caller.
 */
export function reusePreparedStatements(database: BetterSqliteDatabase): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare: (sqlText: string) => {
      const cached = statements.get(sqlText);
      if (cached !== undefined && !cached.busy) {
        statements.delete(sqlText);
        statements.set(sqlText, cached);
        return cached;
      }
      const statement = database.prepare(sqlText);
      if (cached === undefined) {
        statements.set(sqlText, statement);
        if (statements.size > cachedStatements) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      return statement;
    },
  };
}
