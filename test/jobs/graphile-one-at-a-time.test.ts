// `oneAtATime` on graphile-worker: work of one name runs in one process at a time (two queues on one schema stand
// for two processes); a second asker waits for the first's work to end, and a failed work does not keep the lock.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createGraphileQueue, type JobQueue } from '../../src/jobs/index.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

describe.skipIf(url === undefined)('graphile: oneAtATime', () => {
  const schema = `cwsync_goat_${randomBytes(6).toString('hex')}`;
  const queues: JobQueue[] = [0, 1].map(() => createGraphileQueue({ connectionString: url ?? '', schema }));
  afterAll(async () => {
    for (const queue of queues) await queue.close();
    await runAdminStatement(url ?? '', `drop schema if exists "${schema}" cascade`);
  });

  it("runs a second process's work of the same name after the first's, and another name's at once", async () => {
    const [first, second] = queues as [JobQueue, JobQueue];
    const steps: string[] = [];
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const one = first.oneAtATime!('feed', async () => {
      steps.push('first starts');
      held();
      await new Promise<void>((resolve) => (release = resolve));
      steps.push('first ends');
      return 1;
    });
    await holding;
    const two = second.oneAtATime!('feed', async () => {
      steps.push('second runs');
      return 2;
    });
    await second.oneAtATime!('another', async () => void steps.push('another name runs'));
    release();
    expect([await one, await two]).toEqual([1, 2]);
    expect(steps).toEqual(['first starts', 'another name runs', 'first ends', 'second runs']);
  });

  it('frees the name when the work fails', async () => {
    const [first, second] = queues as [JobQueue, JobQueue];
    await expect(
      first.oneAtATime!('feed', () => Promise.reject(new Error('the read failed'))),
    ).rejects.toThrow('the read failed');
    expect(await second.oneAtATime!('feed', async () => 'ran')).toBe('ran');
  });
});
