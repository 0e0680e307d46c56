import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase } from '../../src/db/index.js';
import { databaseTargets } from '../support/database.js';

describe('databaseTargets', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('always runs on SQLite, and on PostgreSQL when a URL is given', () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('TEST_DATABASE_URL', undefined);
    vi.stubEnv('DATABASE_URL', undefined);
    expect(databaseTargets().map((target) => target.name)).toEqual(['sqlite']);
    vi.stubEnv('TEST_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test');
    expect(databaseTargets().map((target) => target.name)).toEqual(['sqlite', 'postgres']);
  });

  it('throws in CI when no PostgreSQL URL is given, so those suites cannot silently skip', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('TEST_DATABASE_URL', undefined);
    vi.stubEnv('DATABASE_URL', undefined);
    expect(() => databaseTargets()).toThrow(/CI/);
  });
});

describe('createDatabase on SQLite', () => {
  it('creates the folder of the file, accepts a sqlite: prefix, and uses WAL', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cwsync-db-'));
    try {
      const path = join(folder, 'nested', 'deeper', 'cwsync.db');
      const database = createDatabase(`sqlite:${path}`);
      expect(database.dialect).toBe('sqlite');
      await database.migrate();
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      expect(rows[0]?.journal_mode).toBe('wal');
      await database.destroy();
      expect(existsSync(path)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('picks PostgreSQL for postgres:// and postgresql:// URLs', async () => {
    for (const url of ['postgres://nobody@127.0.0.1:1/none', 'postgresql://nobody@127.0.0.1:1/none']) {
      const database = createDatabase(url);
      expect(database.dialect).toBe('postgres');
      await database.destroy();
    }
  });
});
