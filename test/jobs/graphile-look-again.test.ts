// A job queued behind one that is running in the same graphile queue (a follow-up of its key) is taken once the
// running job's end is written, not at the worker's next poll: graphile sends no notification when an end unlocks
// a named queue, and the follow-up's own notification came while the queue was still locked.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { createGraphileQueue } from '../../src/jobs/index.js';
import { postgresTestUrl } from '../support/database.js';

const url = postgresTestUrl();

describe.skipIf(url === undefined)('graphile: a follow-up of a key that just ended', () => {
  it('runs within a fraction of the poll interval, not after it', async () => {
    const schema = `cwsync_gwl_${randomBytes(6).toString('hex')}`;
    const pollIntervalMs = 4_000;
    const queue = createGraphileQueue({ connectionString: url ?? '', schema, pollIntervalMs });
    const spec = { kind: 'push', instanceId: 'i', module: 'accounts', recordId: 'a' };
    let firstEnded = 0;
    let followUpStarted = 0;
    try {
      await queue.enqueue({ ...spec, payload: { n: 1 } });
      await queue.start(
        {
          push: async (job) => {
            if ((job.payload as { n: number }).n === 1) {
              // queued while this job holds its key's queue: its notification finds the queue locked
              await queue.enqueue({ ...spec, payload: { n: 2 } });
              firstEnded = performance.now();
            } else followUpStarted = performance.now();
          },
        },
        { concurrency: 2 },
      );
      await vi.waitFor(() => expect(followUpStarted).toBeGreaterThan(0), { timeout: 3 * pollIntervalMs });
      expect(followUpStarted - firstEnded).toBeLessThan(pollIntervalMs / 4);
    } finally {
      await queue.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  }, 20_000);
});
