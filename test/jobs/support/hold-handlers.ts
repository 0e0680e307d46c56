// Job handlers for the killed-graphile-worker test, loaded by `cwsync worker --handlers`: a `hold` job marks its
// start in PostgreSQL and then never ends, so that the process can be killed holding it.
import pg from 'pg';
import type { JobHandlers } from '../../../src/jobs/index.js';

const url = process.env.PROBE_DATABASE_URL;
const schema = process.env.PROBE_SCHEMA;
if (url === undefined || schema === undefined || !/^[a-z0-9_]+$/.test(schema)) {
  throw new Error('PROBE_DATABASE_URL and PROBE_SCHEMA (lower-case identifier) must be set');
}
const pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });

export const handlers: JobHandlers = {
  hold: async (job) => {
    await pool.query(`insert into "${schema}".held (job_key) values ($1)`, [job.recordId]);
    await new Promise(() => undefined);
  },
};
