import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { isCi, postgresTestUrl } from './optional-suites.js';

export interface DatabaseTarget {
  /** 'sqlite' or 'postgres': use `describe.each(databaseTargets())('on $name', …)`. */
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated database of its own (temp file / own schema); `destroy()` removes it. */
  open(): Promise<DatabaseHandle>;
}

export { postgresTestUrl };

/**
 * SQLite always; PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is set. In CI a missing PostgreSQL URL is an
 * error, not a skip: the PostgreSQL suites must run there.
 */
export function databaseTargets(): DatabaseTarget[] {
  const url = postgresTestUrl();
  if (url === undefined && isCi()) {
    throw new Error('CI is set but TEST_DATABASE_URL is not: the PostgreSQL suites must run in CI');
  }
  const targets: DatabaseTarget[] = [{ name: 'sqlite', open: openSqliteTestDatabase }];
  if (url !== undefined) targets.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) });
  return targets;
}

export async function openSqliteTestDatabase(): Promise<DatabaseHandle> {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-test-'));
  const database = createDatabase(join(folder, 'cwsync.db'));
  await database.migrate();
  return {
    ...database,
    destroy: async () => {
      await database.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Each suite gets its own schema, so test files can run in parallel against one PostgreSQL database. */
export async function openPostgresTestDatabase(url: string): Promise<DatabaseHandle> {
  const schema = `cwsync_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(url, `create schema "${schema}"`);
  const database = createDatabase(url, { schema });
  try {
    await database.migrate();
  } catch (error) {
    await database.destroy();
    await runAdminStatement(url, `drop schema "${schema}" cascade`);
    throw error;
  }
  return {
    ...database,
    destroy: async () => {
      await database.destroy();
      await runAdminStatement(url, `drop schema "${schema}" cascade`);
    },
  };
}

/** One statement on its own connection (creating and dropping the schema a suite runs in). */
export async function runAdminStatement(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
