// The job slots of a graphile process ask for a job one at a time (src/jobs/graphile-claim-turns.ts): two
// `get_job`s at once would not share the waiting jobs out — the later finds every named queue locked by the
// earlier and answers "no job" while jobs wait. Seen at node-postgres: the `get_job`s in flight at once.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createGraphileQueue } from '../../src/jobs/index.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

/** How many graphile `get_job`s node-postgres had in flight at once, at most, and how many found no job. */
function watchGetJobs(): { most: () => number; empty: () => number; restore: () => void } {
  const query = pg.Client.prototype.query;
  let inFlight = 0;
  let most = 0;
  let empty = 0;
  pg.Client.prototype.query = function watchedQuery(this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    const result = (query as (...rest: unknown[]) => unknown).apply(this, args);
    if (!String(text ?? '').startsWith('with j as (') || !(result instanceof Promise)) return result;
    inFlight += 1;
    most = Math.max(most, inFlight);
    return result.then(
      (answer: pg.QueryResult) => {
        inFlight -= 1;
        if (answer.rowCount === 0) empty += 1;
        return answer;
      },
      (error: unknown) => {
        inFlight -= 1;
        throw error;
      },
    );
  } as typeof query;
  return { most: () => most, empty: () => empty, restore: () => (pg.Client.prototype.query = query) };
}

describe.skipIf(url === undefined)('graphile: the slots of a process asking for jobs', () => {
  const schema = `cwsync_gct_${randomBytes(6).toString('hex')}`;
  const watch = watchGetJobs();
  afterAll(async () => {
    watch.restore();
    await runAdminStatement(url ?? '', `drop schema if exists "${schema}" cascade`);
  });

  it('ask one at a time, and each finds a waiting job', async () => {
    // a poll far away: a slot that found nothing would not look again before the test ends
    const queue = createGraphileQueue({ connectionString: url ?? '', schema, pollIntervalMs: 60_000 });
    const started = new Set<string>();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      for (let record = 0; record < 8; record += 1)
        await queue.enqueue({ kind: 'push', instanceId: 'i', module: 'accounts', recordId: `r${record}` });
      // four slots start together, each asks for a job at once
      await queue.start(
        {
          push: async (job) => {
            started.add(job.recordId);
            await held;
          },
        },
        { concurrency: 4 },
      );
      await vi.waitFor(() => expect(started.size).toBe(4), { timeout: 10_000 });
      expect(watch.most()).toBe(1);
      expect(watch.empty()).toBe(0);
      release();
      await vi.waitFor(() => expect(started.size).toBe(8), { timeout: 10_000 });
    } finally {
      release();
      await queue.close();
    }
  }, 30_000);
});
