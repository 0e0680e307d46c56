import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/index.js';
import { createEmbeddedQueue } from '../../src/jobs/index.js';
import { runCliProcess, spawnCliProcess } from '../support/cli-process.js';
import { waitFor } from './support/queue-targets.js';

const fileHandlers = fileURLToPath(new URL('./support/file-handlers.ts', import.meta.url));

describe('cwsync worker on SQLite (embedded runner)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-worker-'));
  const databasePath = join(folder, 'cwsync.db');
  const runsFile = join(folder, 'runs.txt');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the queued jobs with the given handlers and stops cleanly on SIGTERM', async () => {
    const database = createDatabase(databasePath);
    await database.migrate();
    const queue = createEmbeddedQueue(database.db);
    for (let record = 0; record < 20; record += 1) {
      await queue.enqueue({
        kind: 'push',
        instanceId: 'i1',
        module: 'Contacts',
        recordId: `c-${record}`,
        payload: { record },
      });
    }
    const worker = spawnCliProcess(
      ['worker', '--database-url', databasePath, '--handlers', fileHandlers, '--poll-interval', '20'],
      { RUNS_FILE: runsFile },
    );
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(
        async () => (await queue.stats()).waiting === 0 && (await queue.stats()).running === 0,
        'the jobs to run',
        30_000,
      );
      const lines = existsSync(runsFile) ? readFileSync(runsFile, 'utf8').trim().split('\n') : [];
      expect(lines).toHaveLength(20);
      expect(new Set(lines).size).toBe(20);
      const exit = new Promise<number | null>((done) => worker.once('exit', (code) => done(code)));
      worker.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output).toContain('running (embedded, concurrency 4)');
      expect(output).toContain('Worker stopped.');
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
      await database.destroy();
    }
  }, 60_000);

  it('names the option when no handlers are given', async () => {
    const result = await runCliProcess(['worker', '--database-url', databasePath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--handlers: is required');
  });
});
