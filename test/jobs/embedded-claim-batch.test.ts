// The embedded queue claims the due jobs for all its free slots in one statement (issue 14: on SQLite each claim
// is a commit of its own), counted at better-sqlite3 by statement text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createEmbeddedQueue, type JobQueue } from '../../src/jobs/index.js';
import { deferred, spec, waitFor } from './support/queue-targets.js';

const isDueClaim = (sqlText: string) =>
  /^\s*update sync_jobs\s+set state = 'running'/.test(sqlText) && sqlText.includes("j.state = 'waiting'");

describe('embedded queue on SQLite: one claim for the free slots', () => {
  let folder: string;
  let database: DatabaseHandle;
  let queue: JobQueue | undefined;
  let dueClaims = 0;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cwsync-claim-batch-'));
    database = createDatabase(join(folder, 'cwsync.db'), {
      onStatement: (sqlText) => {
        if (isDueClaim(sqlText)) dueClaims += 1;
      },
    });
    await database.migrate();
    dueClaims = 0;
  });

  afterEach(async () => {
    await queue?.close();
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts six due jobs with one claim at concurrency 6, each once', async () => {
    queue = createEmbeddedQueue(database.db, { pollIntervalMs: 20, leaseMs: 2000, stopGraceMs: 50 });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await queue.enqueue(spec(id));
    const release = deferred();
    const started: string[] = [];
    await queue.start(
      {
        push: async (job) => {
          started.push(job.recordId);
          await release.promise;
        },
      },
      { concurrency: 6 },
    );
    await waitFor(() => started.length === 6, 'six jobs started');
    expect(dueClaims).toBe(1);
    expect([...started].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    release.resolve();
    await waitFor(async () => (await queue!.stats()).running === 0, 'the jobs done');
  });

  it('with jobs claimed ahead, refills its hand once a third of them are free, not once per job', async () => {
    queue = createEmbeddedQueue(database.db, { pollIntervalMs: 20, leaseMs: 2000, stopGraceMs: 50 });
    const ids = Array.from({ length: 60 }, (_, index) => `r${index}`);
    for (const id of ids) await queue.enqueue(spec(id));
    const done: string[] = [];
    await queue.start(
      {
        push: async (job) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          done.push(job.recordId);
        },
      },
      { concurrency: 2, claimAhead: 12 },
    );
    await waitFor(() => done.length === ids.length, 'every job');
    expect([...done].sort()).toEqual([...ids].sort());
    // a claim per job or more before (71 claims here); now a claim takes at least a third of the 12 ahead (24)
    expect(dueClaims).toBeLessThanOrEqual((ids.length * 2) / 3);
  });
});
