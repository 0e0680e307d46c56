import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresTestUrl, runAdminStatement } from './database.js';

/**
 * A database URL a CLI command can be pointed at with --database-url: a temp SQLite file, or a PostgreSQL schema
 * of its own (selected through the connection's `search_path` option), removed by `drop()`.
 */
export interface CommandDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createCommandDatabase(name: 'sqlite' | 'postgres'): Promise<CommandDatabase> {
  if (name === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'cwsync-cli-'));
    return {
      url: join(folder, 'cwsync.db'),
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const base = postgresTestUrl() as string;
  const schema = `cwsync_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(base, `create schema "${schema}"`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => runAdminStatement(base, `drop schema "${schema}" cascade`) };
}
