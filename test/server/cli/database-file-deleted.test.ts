// `cwsync serve` and `cwsync worker` on SQLite whose database file is deleted under them: SQLite would go on
// writing to the unlinked file (answering 201s, losing everything at the next start); each notices, says so, and
// exits non-zero.
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCliProcess } from '../../support/cli-process.js';

describe.each([
  {
    command: 'serve',
    args: ['--no-sandbox', '--host', '127.0.0.1', '--port', '0'],
    ready: 'cwsync API listening',
  },
  { command: 'worker', args: ['--poll-interval', '100'], ready: 'running (embedded' },
])('cwsync $command when its SQLite file is deleted', ({ command, args, ready }) => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-deleted-'));
  const databaseFile = join(folder, 'cwsync.db');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('stops with a message naming the file and a non-zero exit code', async () => {
    const child = spawnCliProcess([command, ...args, '--database-url', databaseFile], {
      CWSYNC_DATA_DIR: folder,
      LOG_LEVEL: 'info',
    });
    let output = '';
    const exited = once(child, 'exit');
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(ready)) resolve();
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', () => reject(new Error(`${command} exited early: ${output}`)));
    });
    const deletedAt = Date.now();
    rmSync(databaseFile);
    const [code] = (await Promise.race([
      exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${command} still running 20 s after:\n${output}`)), 20_000),
      ),
    ])) as [number | null];
    expect(code).toBe(1);
    expect(Date.now() - deletedAt).toBeLessThan(10_000);
    expect(output).toContain(
      `cwsync ${command} is stopping: the SQLite database ${databaseFile} was deleted`,
    );
  }, 60_000);
});
