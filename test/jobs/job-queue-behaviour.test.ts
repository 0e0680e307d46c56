import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/index.js';
import { deferred, openForEachTest, queueTargets, spec, waitFor } from './support/queue-targets.js';

describe.each(queueTargets())('job queue: $name', (target) => {
  const open = openForEachTest(target);

  it('coalesces enqueues of a waiting key into one job with the latest payload', async () => {
    const queue = open().queue();
    await queue.enqueue(spec('r1', { n: 1 }));
    await queue.enqueue(spec('r1', { n: 2 }));
    await queue.enqueue(spec('r1', { n: 3 }));
    await queue.enqueue(spec('r2', { n: 9 }));
    expect((await queue.stats()).waiting).toBe(2);
    const seen: unknown[] = [];
    await queue.start({ push: async (job) => void seen.push([job.recordId, job.payload]) });
    await waitFor(() => seen.length === 2, 'both jobs');
    await waitFor(async () => (await queue.stats()).waiting === 0, 'an empty queue');
    expect(seen).toEqual(
      expect.arrayContaining([
        ['r1', { n: 3 }],
        ['r2', { n: 9 }],
      ]),
    );
    expect(seen).toHaveLength(2);
  });

  it('gives a running key exactly one follow-up, run after it; one job per key at a time', async () => {
    const queue = open().queue();
    const release = deferred();
    const runs: Array<[string, unknown]> = [];
    const active = new Map<string, number>();
    let maxActivePerKey = 0;
    await queue.start(
      {
        push: async (job) => {
          const count = (active.get(job.recordId) ?? 0) + 1;
          active.set(job.recordId, count);
          maxActivePerKey = Math.max(maxActivePerKey, count);
          runs.push([job.recordId, job.payload]);
          if (job.recordId === 'a' && (job.payload as { n: number }).n === 1) await release.promise;
          active.set(job.recordId, count - 1);
        },
      },
      { concurrency: 4 },
    );
    try {
      await queue.enqueue(spec('a', { n: 1 }));
      await waitFor(() => runs.length === 1, 'the first run of a');
      await queue.enqueue(spec('a', { n: 2 }));
      await queue.enqueue(spec('a', { n: 3 }));
      await queue.enqueue(spec('a', { n: 4 }));
      await queue.enqueue(spec('b', { n: 1 }));
      await waitFor(() => runs.some(([key]) => key === 'b'), 'b to run beside a');
      // b's end is recorded a moment after its handler returns: wait for it, then a is running with one follow-up.
      await waitFor(async () => {
        const stats = await queue.stats();
        return stats.running === 1 && stats.waiting === 1;
      }, 'a running with one follow-up waiting');
      expect(runs.filter(([key]) => key === 'a')).toEqual([['a', { n: 1 }]]);
    } finally {
      release.resolve(); // a failed check must not leave the handler, and so stop(), waiting forever
    }
    await waitFor(() => runs.length === 3, 'the follow-up of a');
    await waitFor(async () => (await queue.stats()).waiting + (await queue.stats()).running === 0, 'idle');
    expect(runs.filter(([key]) => key === 'a')).toEqual([
      ['a', { n: 1 }],
      ['a', { n: 4 }],
    ]);
    expect(maxActivePerKey).toBe(1);
  });

  it('never loses the last enqueue of a key, however it races with workers taking the key', async () => {
    // Enqueues land while workers take the same keys: each key's newest payload must be run (after any older one).
    const takers = [open().queue(), open().queue()];
    const lastRun = new Map<string, number>();
    const handlers = {
      push: async (job: Job) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
        lastRun.set(job.recordId, (job.payload as { n: number }).n);
      },
    };
    for (const taker of takers) await taker.start(handlers, { concurrency: 4 });
    const enqueuer = open().queue();
    const keys = Array.from({ length: 8 }, (_, index) => `k${index}`);
    const rounds = 40;
    for (let n = 1; n <= rounds; n += 1) {
      await Promise.all(keys.map((key) => enqueuer.enqueue(spec(key, { n }))));
      if (n % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(
      async () => {
        const stats = await enqueuer.stats();
        return stats.waiting + stats.running === 0;
      },
      'the queue to drain',
      30_000,
    );
    expect(Object.fromEntries(keys.map((key) => [key, lastRun.get(key)]))).toEqual(
      Object.fromEntries(keys.map((key) => [key, rounds])),
    );
    expect((await enqueuer.stats()).failed).toBe(0);
  }, 60_000);

  it('retries a failing job with backoff until it succeeds', async () => {
    const queue = open().queue({ maxAttempts: 5 });
    const attempts: number[] = [];
    await queue.start({
      push: async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`attempt ${job.attempt}: ConnectWise answered 500`);
      },
    });
    await queue.enqueue(spec('r1'));
    await waitFor(() => attempts.length === 3, 'three attempts');
    await waitFor(async () => (await queue.stats()).waiting === 0, 'done');
    expect(attempts).toEqual([1, 2, 3]);
    expect((await queue.stats()).failed).toBe(0);
  });

  it('keeps a job that used up its attempts as failed, and retryFailed runs it again', async () => {
    const queue = open().queue({ maxAttempts: 2 });
    let healthy = false;
    const runs: Job[] = [];
    await queue.start({
      push: async (job) => {
        runs.push(job);
        if (!healthy) throw new Error('company: name is required');
      },
    });
    await queue.enqueue(spec('r1', { n: 1 }));
    await waitFor(async () => (await queue.stats()).failed === 1, 'the job to be kept as failed');
    expect(runs.map((job) => job.attempt)).toEqual([1, 2]);
    const [failed] = await queue.failed();
    expect(failed).toMatchObject({
      kind: 'push',
      instanceId: 'inst-1',
      module: 'Accounts',
      recordId: 'r1',
      attempts: 2,
    });
    expect(failed?.lastError).toContain('company: name is required');
    expect((await queue.stats()).byKind.push).toEqual({ waiting: 0, running: 0, failed: 1 });

    healthy = true;
    expect(await queue.retryFailed()).toBe(1);
    await waitFor(() => runs.length === 3, 'the retried run');
    await waitFor(async () => {
      const stats = await queue.stats();
      return stats.failed + stats.waiting + stats.running === 0;
    }, 'an empty queue');
    expect(runs[2]).toMatchObject({ attempt: 1, payload: { n: 1 } });
  });

  it('merges a payload into a waiting job of the key: a job with none keeps the waiting one in its run', async () => {
    const queue = open().queue();
    await queue.enqueue(spec('r1', { runId: 'run-1', note: 'a' }));
    await queue.enqueue(spec('r1'), { ifWaiting: 'merge' });
    await queue.enqueue(spec('r1', { note: 'b' }), { ifWaiting: 'merge' });
    await queue.enqueue(spec('r2'), { ifWaiting: 'merge' }); // nothing waiting: queued as given
    await queue.enqueue(spec('r3', { runId: 'run-1' }));
    await queue.enqueue(spec('r3', { runId: 'run-2' }), { ifWaiting: 'merge' });
    const runs: Job[] = [];
    await queue.start({ push: async (job) => void runs.push(job) });
    await waitFor(() => runs.length === 3, 'three jobs');
    const payloadOf = (recordId: string) => runs.find((job) => job.recordId === recordId)?.payload;
    expect(payloadOf('r1')).toEqual({ runId: 'run-1', note: 'b' });
    expect(payloadOf('r2')).toBeNull();
    expect(payloadOf('r3')).toEqual({ runId: 'run-2' });
  });

  it('a merged job keeps its place: it runs before the jobs queued after it, replace moves it back', async () => {
    const queue = open().queue();
    const at = (seconds: number) => new Date(Date.now() - 60_000 + seconds * 1000);
    await queue.enqueue({ ...spec('account'), runAt: at(1) });
    await queue.enqueue({ ...spec('contact-1'), runAt: at(2) });
    await queue.enqueue({ ...spec('contact-2'), runAt: at(3) });
    await queue.enqueue({ ...spec('moved'), runAt: at(0) });
    // queued again on behalf of its contacts (merge, now): still first; a replace (now) goes to the back
    await queue.enqueue(spec('account', { runId: 'run-1' }), { ifWaiting: 'merge' });
    await queue.enqueue(spec('moved'));
    const order: string[] = [];
    await queue.start({ push: async (job) => void order.push(job.recordId) });
    await waitFor(() => order.length === 4, 'four jobs');
    expect(order).toEqual(['account', 'contact-1', 'contact-2', 'moved']);
  });

  it("retryFailed for one instance leaves another instance's failed jobs failed", async () => {
    const queue = open().queue({ maxAttempts: 1 });
    const healthy = new Set<string>();
    const runs: Job[] = [];
    await queue.start({
      push: async (job) => {
        runs.push(job);
        if (!healthy.has(job.instanceId)) throw new Error('company: name is required');
      },
    });
    await queue.enqueue(spec('r1'));
    await queue.enqueue({ ...spec('r1'), instanceId: 'inst-2' });
    await waitFor(async () => (await queue.stats()).failed === 2, 'both jobs to be kept as failed');

    healthy.add('inst-2');
    expect(await queue.retryFailed({ instanceId: 'inst-2' })).toBe(1);
    await waitFor(async () => (await queue.stats()).failed === 1 && runs.length === 3, 'the retried run');
    expect(runs[2]?.instanceId).toBe('inst-2');
    expect((await queue.failed()).map((job) => job.instanceId)).toEqual(['inst-1']);
  });

  it('a new enqueue of a failed key replaces the failed job', async () => {
    const queue = open().queue({ maxAttempts: 1 });
    const payloads: unknown[] = [];
    await queue.start({
      push: async (job) => {
        payloads.push(job.payload);
        if ((job.payload as { n: number }).n === 1) throw new Error('boom');
      },
    });
    await queue.enqueue(spec('r1', { n: 1 }));
    await waitFor(async () => (await queue.stats()).failed === 1, 'failed');
    await queue.enqueue(spec('r1', { n: 2 }));
    await waitFor(() => payloads.length === 2, 'the new run');
    await waitFor(async () => (await queue.stats()).failed + (await queue.stats()).waiting === 0, 'empty');
    expect(payloads).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it.each([
    ['keep', { n: 2 }],
    ['merge', null],
    ['merge', { n: 2 }],
  ] as const)(
    'an enqueue (ifWaiting %s, payload %j) of a failed key replaces the failed job',
    async (ifWaiting, payload) => {
      const queue = open().queue({ maxAttempts: 1 });
      const runs: unknown[] = [];
      await queue.start({
        push: async (job) => {
          runs.push(job.payload);
          if (runs.length === 1) throw new Error('boom');
        },
      });
      await queue.enqueue(spec('r1', { n: 1 }));
      await waitFor(async () => (await queue.stats()).failed === 1, 'failed');
      await queue.enqueue(spec('r1', payload), { ifWaiting });
      await waitFor(() => runs.length === 2, 'the new run');
      await waitFor(async () => (await queue.stats()).failed + (await queue.stats()).waiting === 0, 'empty');
      expect(await queue.failed()).toEqual([]);
    },
  );

  it('runs again a job whose process died holding it, once the lease is over', async () => {
    const queue = open().queue();
    await queue.enqueue(spec('r1', { n: 1 }));
    await open().simulateCrashedClaim(spec('r1'));
    const runs: Job[] = [];
    await queue.start({ push: async (job) => void runs.push(job) });
    await waitFor(() => runs.length === 1, 'the job to run again');
    expect(runs[0]).toMatchObject({ recordId: 'r1', attempt: 2, payload: { n: 1 } });
    await waitFor(async () => (await queue.stats()).running + (await queue.stats()).waiting === 0, 'empty');
  });

  it('stop() waits for the job in hand to finish', async () => {
    const queue = open().queue();
    const started = deferred();
    const release = deferred();
    const order: string[] = [];
    let runs = 0;
    await queue.start({
      push: async () => {
        runs += 1;
        started.resolve();
        await release.promise;
        order.push('job finished');
      },
    });
    await queue.enqueue(spec('r1'));
    await started.promise;
    const stopping = queue.stop().then(() => order.push('stopped'));
    release.resolve();
    await stopping;
    expect(order).toEqual(['job finished', 'stopped']);
    const stats = await queue.stats();
    expect(stats.waiting + stats.running + stats.failed).toBe(0);
    expect(runs).toBe(1);
  });

  it('stop() hands back a job that ends on the abort signal, and another runner takes it', async () => {
    const first = open().queue({ stopGraceMs: 20 });
    const started = deferred();
    await first.start({
      push: (_job, { signal }) => {
        started.resolve();
        return new Promise<void>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('stopping'))),
        );
      },
    });
    await first.enqueue(spec('r1', { n: 1 }));
    await started.promise;
    await first.stop();
    const stats = await first.stats();
    expect(stats).toMatchObject({ waiting: 1, running: 0, failed: 0 });
    const second = open().queue();
    const runs: Job[] = [];
    await second.start({ push: async (job) => void runs.push(job) });
    await waitFor(() => runs.length === 1, 'the handed-back job');
    expect(runs[0]).toMatchObject({ attempt: 1, payload: { n: 1 } });
  });

  it('runs a schedule repeatedly, one occurrence at a time across queues', async () => {
    const first = open().queue();
    const second = open().queue();
    const fired: Date[] = [];
    let active = 0;
    let overlap = false;
    for (const queue of [first, second]) {
      queue.schedule('poll-connectwise', 30, async (at) => {
        active += 1;
        if (active > 1) overlap = true;
        fired.push(at);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active -= 1;
      });
      await queue.start({}, { concurrency: 2 });
    }
    await waitFor(() => fired.length >= 3, 'three occurrences');
    await first.stop();
    await second.stop();
    expect(overlap).toBe(false);
    const stats = await first.stats();
    expect(stats.byKind['cwsync.schedule']).toMatchObject({ running: 0, failed: 0 });
    expect(stats.byKind['cwsync.schedule']?.waiting).toBeGreaterThanOrEqual(1); // the next occurrence
  });
});
