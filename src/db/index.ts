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
