import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { watchDatabaseFile, type DatabaseFileWatch } from '../../src/db/index.js';

describe('watchDatabaseFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-watch-'));
  const file = join(folder, 'cwsync.db');
  let watch: DatabaseFileWatch | undefined;
  afterEach(() => watch?.stop());
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('tells once when the file is deleted', async () => {
    writeFileSync(file, 'db');
    const onGone = vi.fn();
    watch = watchDatabaseFile(file, onGone, 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onGone).not.toHaveBeenCalled();
    rmSync(file);
    await vi.waitFor(() =>
      expect(onGone.mock.calls[0]?.[0]?.message).toContain(`${file} was deleted while cwsync was running`),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onGone).toHaveBeenCalledTimes(1);
  });

  it('tells when another file takes its place', async () => {
    writeFileSync(file, 'db');
    const onGone = vi.fn();
    watch = watchDatabaseFile(file, onGone, 20);
    writeFileSync(join(folder, 'other.db'), 'another db');
    renameSync(join(folder, 'other.db'), file);
    await vi.waitFor(() =>
      expect(onGone.mock.calls[0]?.[0]?.message).toContain(`${file} was replaced by another file`),
    );
  });
});
