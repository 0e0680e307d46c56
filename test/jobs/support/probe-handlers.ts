// Job handlers for the multi-process worker test, loaded by `cwsync worker --handlers`. Each run marks its key
// active in PostgreSQL for its duration; a second run of the same key at the same time is recorded as a violation.
import pg from 'pg';
import type { JobHandlers } from '../../../src/jobs/index.js';

const url = process.env.PROBE_DATABASE_URL;
const schema = process.env.PROBE_SCHEMA;
if (url === undefined || schema === undefined || !/^[a-z0-9_]+$/.test(schema)) {
  throw new Error('PROBE_DATABASE_URL and PROBE_SCHEMA (lower-case identifier) must be set');
}
const pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true });

export const handlers: JobHandlers = {
  probe: async (job) => {
    const n = (job.payload as { n: number }).n;
    try {
      await pool.query(`insert into "${schema}".probe_active (job_key) values ($1)`, [job.recordId]);
    } catch {
      await pool.query(`insert into "${schema}".probe_violations (job_key) values ($1)`, [job.recordId]);
    }
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(Math.random() * 8)));
    await pool.query(`insert into "${schema}".probe_runs (job_key, n, pid) values ($1, $2, $3)`, [
      job.recordId,
      n,
      process.pid,
    ]);
    await pool.query(`delete from "${schema}".probe_active where job_key = $1`, [job.recordId]);
  },
};
