// The embedded queue's claim-ahead: jobs started beyond `concurrency` (they wait for a ConnectWise call slot,
// not for a job slot) keep every guarantee of the queue — one job per key at a time, a follow-up after it, and
// a stop that hands back what was claimed ahead.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/index.js';
import { deferred, openForEachTest, queueTargets, spec, waitFor } from './support/queue-targets.js';

const embeddedTargets = queueTargets().filter((target) => target.name.startsWith('embedded'));

describe.each(embeddedTargets)('claim ahead: $name', (target) => {
  const open = openForEachTest(target);

  it('runs concurrency + claimAhead jobs at once, never two of one key, and a follow-up after its key', async () => {
    const queue = open().queue();
    const release = deferred();
    const active = new Map<string, number>();
    const runs: Array<[string, unknown]> = [];
    let inHand = 0;
    let mostInHand = 0;
    let mostOfOneKey = 0;
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await queue.enqueue(spec(id, { n: 1 }));
    await queue.start(
      {
        push: async (job) => {
          inHand += 1;
          mostInHand = Math.max(mostInHand, inHand);
          const ofKey = (active.get(job.recordId) ?? 0) + 1;
          active.set(job.recordId, ofKey);
          mostOfOneKey = Math.max(mostOfOneKey, ofKey);
          runs.push([job.recordId, job.payload]);
          await release.promise;
          active.set(job.recordId, ofKey - 1);
          inHand -= 1;
        },
      },
      { concurrency: 2, claimAhead: 2 },
    );
    await waitFor(() => inHand === 4, 'four jobs in hand');
    const running = runs.map(([id]) => id);
    // a key in hand gets a follow-up, which must wait for it although slots are free once released
    await queue.enqueue(spec(running[0]!, { n: 2 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inHand).toBe(4);
    release.resolve();
    await waitFor(() => runs.length === 7 && inHand === 0, 'every job and the follow-up');
    expect(mostInHand).toBe(4);
    expect(mostOfOneKey).toBe(1);
    expect(runs.filter(([id]) => id === running[0])).toEqual([
      [running[0], { n: 1 }],
      [running[0], { n: 2 }],
    ]);
    await waitFor(async () => (await queue.stats()).waiting + (await queue.stats()).running === 0, 'empty');
  });

  it('stop() hands back the jobs claimed ahead, and another runner takes each once', async () => {
    const first = open().queue({ stopGraceMs: 20 });
    let started = 0;
    await first.start(
      {
        push: (_job, { signal }) => {
          started += 1;
          return new Promise<void>((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new Error('stopping'))),
          );
        },
      },
      { concurrency: 1, claimAhead: 2 },
    );
    for (const id of ['r1', 'r2', 'r3', 'r4']) await first.enqueue(spec(id));
    await waitFor(() => started === 3, 'three jobs in hand');
    await first.stop();
    expect(await first.stats()).toMatchObject({ waiting: 4, running: 0, failed: 0 });
    const second = open().queue();
    const runs: Job[] = [];
    await second.start({ push: async (job) => void runs.push(job) }, { concurrency: 4 });
    await waitFor(() => runs.length === 4, 'the handed-back jobs');
    expect(runs.map((job) => job.recordId).sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(runs.every((job) => job.attempt === 1)).toBe(true);
  });

  it('refuses a claimAhead that is not a whole number ≥ 0', async () => {
    await expect(open().queue().start({}, { claimAhead: -1 })).rejects.toThrow(/claimAhead/);
  });
});
