import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { isPostgresUrl, type DialectName } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import { reusePreparedStatements } from './reuse-prepared-statements.js';
import type { Database } from './schema.js';

export const defaultSqlitePath = './data/cwsync.db';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Applies every pending migration; throws with the failing migration's name. */
  migrate(): Promise<void>;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: the schema every pooled connection uses (its `search_path`). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  maxConnections?: number;
}

/**
 * Opens the database named by `url`: PostgreSQL for `postgres://` / `postgresql://` URLs, otherwise SQLite at
 * the path (`sqlite:` or `file:` prefix optional; `./data/cwsync.db` by default, its folder created).
 */
export function createDatabase(url?: string, options: DatabaseOptions = {}): DatabaseHandle {
  const target = url ?? process.env.DATABASE_URL ?? defaultSqlitePath;
  const handle = isPostgresUrl(target)
    ? { db: openPostgres(target, options), dialect: 'postgres' as const }
    : { db: openSqlite(target), dialect: 'sqlite' as const };
  return {
    ...handle,
    migrate: () => migrateToLatest(handle.db, handle.dialect),
    destroy: () => handle.db.destroy(),
  };
}

function openSqlite(target: string): Kysely<Database> {
  const path = target.replace(/^(sqlite|file):(\/\/)?/, '');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Another process (an import next to `serve`) may hold the write lock for a moment: wait instead of failing.
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: reusePreparedStatements(sqlite) }) });
}

function openPostgres(url: string, options: DatabaseOptions): Kysely<Database> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema "${schema}" must be a lower-case identifier`);
  }
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle connection the server drops is discarded by the pool and the next query reconnects; without a
  // listener the pool's 'error' event would end the process instead.
  pool.on('error', () => undefined);
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => {
        if (schema !== undefined)
          await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
      },
    }),
  });
}

async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one: name ours, or a test suite
  // in another schema of the same database would make it skip creating them here.
  const migrationTableSchema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? '(setup)'} failed: ${cause}`, {
      cause: error,
    });
  }
}
