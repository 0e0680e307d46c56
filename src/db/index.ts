export {
  createDatabase,
  defaultSqlitePath,
  type DatabaseHandle,
  type DatabaseOptions,
} from './create-database.js';
export { dialectOf, isPostgresUrl, type DialectName } from './dialect.js';
export { readJsonColumn, writeJsonColumn } from './json-column.js';
export { migrations } from './migrations/index.js';
export type { Database } from './schema.js';
export { databaseBusyTimeoutMs, isDatabaseUnavailable } from './database-unavailable.js';
export { createWriteProbe, type WriteProbeOptions, type WriteProbeResult } from './probe-writable.js';
export { watchDatabaseFile, type DatabaseFileWatch } from './watch-database-file.js';
export { schemaMigrationLock } from './schema-migration-lock.js';
