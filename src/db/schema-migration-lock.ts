/**
 * The PostgreSQL advisory lock (`pg_advisory_lock(hashtext(…))`, held by the session that migrates) under which every
 * cwsync process changes a database's schemas: the application's migrations and graphile-worker's. One at a time,
 * across both: Kysely's migrator first lists every table of every schema (`pg_get_serial_sequence` on each, by
 * name), and a table graphile renamed meanwhile failed that listing — `serve` stopped with "database migration
 * (setup) failed: relation "graphile_worker.known_crontabs" does not exist" when it and its workers started
 * together on a new database (seen in the scale-out benchmark, once the workers started faster).
 */
export const schemaMigrationLock = 'cwsync:schema-migrations';
