import { ConfigurationError } from '../errors/index.js';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { checkpointInBackground, type BackgroundCheckpoint } from './checkpoint-in-background.js';
import { databaseBusyTimeoutMs } from './database-unavailable.js';
import { isPostgresUrl, type DialectName } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import { namePostgresStatements } from './name-postgres-statements.js';
import { reusePreparedStatements } from './reuse-prepared-statements.js';
import { schemaMigrationLock } from './schema-migration-lock.js';
import type { Database } from './schema.js';

export const defaultSqlitePath = './data/cwsync.db';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** SQLite: the database file's absolute path (absent for PostgreSQL and `:memory:`) */
  file?: string;
  /** Applies every pending migration; throws with the failing migration's name. */
  migrate(): Promise<void>;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: the schema every pooled connection uses (its `search_path`). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  maxConnections?: number;
  /** SQLite only: called with the text of every statement run (counting statements and commits in tests). */
  onStatement?: (sqlText: string) => void;
  /**
   * SQLite file only: WAL checkpoints in a worker thread instead of on the event loop (`serve`, whose event loop
   * also answers ConnectWise's responses; see checkpoint-in-background.ts).
   */
  checkpointInBackground?: boolean;
}

/**
 * Opens the database named by `url`: PostgreSQL for `postgres://` / `postgresql://` URLs, otherwise SQLite at
 * the path (`sqlite:` or `file:` prefix optional; `./data/cwsync.db` by default, its folder created).
 */
export function createDatabase(url?: string, options: DatabaseOptions = {}): DatabaseHandle {
  const target = url ?? process.env.DATABASE_URL ?? defaultSqlitePath;
  const handle: { db: Kysely<Database>; dialect: DialectName; checkpoint?: BackgroundCheckpoint } =
    isPostgresUrl(target)
      ? { db: openPostgres(target, options), dialect: 'postgres' as const }
      : openSqlite(target, options);
  const file = isPostgresUrl(target) ? undefined : sqliteFileOf(target);
  return {
    db: handle.db,
    dialect: handle.dialect,
    ...(file !== undefined && file !== ':memory:' ? { file: resolve(file) } : {}),
    migrate: () => migrateToLatest(handle.db, handle.dialect),
    destroy: async () => {
      await handle.checkpoint?.stop();
      await handle.db.destroy();
    },
  };
}

function sqliteFileOf(target: string): string {
  return target.replace(/^(sqlite|file):(\/\/)?/, '');
}

function openSqlite(
  target: string,
  { onStatement, checkpointInBackground: inBackground }: DatabaseOptions,
): { db: Kysely<Database>; dialect: 'sqlite'; checkpoint?: BackgroundCheckpoint } {
  const path = sqliteFileOf(target);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SqliteDatabase(
    path,
    onStatement ? { verbose: (message) => onStatement(String(message)) } : {},
  );
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Another process (an import next to `serve`) may hold the write lock for a moment: wait instead of failing,
  // but not so long that a database held locked leaves requests hanging (they get a 503 to retry).
  sqlite.pragma(`busy_timeout = ${databaseBusyTimeoutMs}`);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusePreparedStatements(sqlite) }),
  });
  const inFile = path !== ':memory:' && path !== '';
  return {
    db,
    dialect: 'sqlite',
    ...(inBackground && inFile ? { checkpoint: checkpointInBackground(sqlite, resolve(path)) } : {}),
  };
}

function openPostgres(url: string, options: DatabaseOptions): Kysely<Database> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigurationError(`schema "${schema}" must be a lower-case identifier`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // A server that does not answer is unavailable (a 503), not a request that waits forever.
    connectionTimeoutMillis: 5_000,
    // node-postgres's pipeline mode (its own option, not in @types/pg yet): a transaction's begin goes out with
    // its first statement, one round trip (pipeline-transaction-start.ts). Kysely still waits for each statement.
    ...{ pipeline: true },
  });
  // An idle connection the server drops is discarded by the pool and the next query reconnects; without a
  // listener the pool's 'error' event would end the process instead.
  pool.on('error', () => undefined);
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: namePostgresStatements(pool),
      onCreateConnection: async (connection) => {
        if (schema !== undefined)
          await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
        // A lock held elsewhere (a long migration, an operator's lock) fails the statement like SQLite's busy timeout.
        await connection.executeQuery(CompiledQuery.raw(`set lock_timeout = ${databaseBusyTimeoutMs}`));
      },
    }),
  });
}

async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  // Processes starting together migrate one after another: the second waits for the first however long its
  // migrations take, not just the busy timeout every other statement gets.
  await db.connection().execute(async (connection) => {
    await sql
      .raw(dialect === 'postgres' ? 'set lock_timeout = 0' : 'pragma busy_timeout = 600000')
      .execute(connection);
    // PostgreSQL: not while graphile-worker migrates its schema (schema-migration-lock.ts)
    if (dialect === 'postgres')
      await sql`select pg_advisory_lock(hashtext(${schemaMigrationLock}))`.execute(connection);
    try {
      await migrateOn(connection, dialect);
    } finally {
      if (dialect === 'postgres')
        await sql`select pg_advisory_unlock(hashtext(${schemaMigrationLock}))`.execute(connection);
      await sql
        .raw(
          dialect === 'postgres'
            ? `set lock_timeout = ${databaseBusyTimeoutMs}`
            : `pragma busy_timeout = ${databaseBusyTimeoutMs}`,
        )
        .execute(connection);
    }
  });
}

async function migrateOn(db: Kysely<Database>, dialect: DialectName): Promise<void> {
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
