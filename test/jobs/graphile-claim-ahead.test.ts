// graphile-worker runs the jobs claimed ahead (`StartOptions.claimAhead`) in job slots of their own, as the embedded
// runner starts them beyond `concurrency`: `cwsync worker --concurrency 16` holds 24 jobs while its ConnectWise
// client holds 16 calls (src/cli/commands/worker.ts, `jobsClaimedAhead`).
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createGraphileQueue } from '../../src/jobs/index.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

describe.skipIf(url === undefined)('graphile: jobs claimed ahead', () => {
  const schema = `cwsync_gca_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    await runAdminStatement(url ?? '', `drop schema if exists "${schema}" cascade`);
  });

  it('run in job slots beside the concurrency', async () => {
    const queue = createGraphileQueue({ connectionString: url ?? '', schema, pollIntervalMs: 50 });
    const running = new Set<string>();
    let most = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      for (let record = 0; record < 6; record += 1)
        await queue.enqueue({ kind: 'push', instanceId: 'i', module: 'accounts', recordId: `r${record}` });
      await queue.start(
        {
          push: async (job) => {
            running.add(job.recordId);
            most = Math.max(most, running.size);
            await held;
            running.delete(job.recordId);
          },
        },
        { concurrency: 2, claimAhead: 1 },
      );
      await vi.waitFor(() => expect(running.size).toBe(3), { timeout: 10_000 });
      // no fourth: give a slot that should not be there the time to claim
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(most).toBe(3);
      release();
      await vi.waitFor(async () => expect((await queue.stats()).waiting).toBe(0), { timeout: 10_000 });
    } finally {
      release();
      await queue.close();
    }
  }, 30_000);

  it('refuses a claimAhead that is not a whole number ≥ 0', async () => {
    const queue = createGraphileQueue({ connectionString: url ?? '', schema });
    try {
      await expect(queue.start({}, { concurrency: 1, claimAhead: -1 })).rejects.toThrow('claimAhead');
    } finally {
      await queue.close();
    }
  });
});
