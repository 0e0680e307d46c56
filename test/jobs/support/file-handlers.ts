// Job handlers for the embedded worker test, loaded by `cwsync worker --handlers`: each run appends a line to a file.
import { appendFileSync } from 'node:fs';
import type { JobHandlers } from '../../../src/jobs/index.js';

const file = process.env.RUNS_FILE;
if (file === undefined) throw new Error('RUNS_FILE must be set');

export const handlers: JobHandlers = {
  push: async (job) => {
    appendFileSync(file, `${job.recordId} ${JSON.stringify(job.payload)}\n`);
  },
};
