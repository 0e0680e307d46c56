import { databaseUrlOf, loadEnvironment } from '../config/env.js';
import { createDatabase, type DatabaseHandle } from '../db/index.js';

/** Every command opens the same database by default, the one `serve` uses. */
export const databaseUrlHelp =
  'postgres://… or a SQLite path (default: DATABASE_URL, else cwsync.db in CWSYNC_DATA_DIR, ./data)';

export function openCommandDatabase(databaseUrl: string | undefined): DatabaseHandle {
  return createDatabase(databaseUrl ?? databaseUrlOf(loadEnvironment()));
}
