// serve's SQLite database checkpoints its WAL in a worker thread: the event loop no longer stops for the copy into
// the database file and its syncs (~5 ms every ~1 000 pages; docs/benchmarks.md, branch sqlite-serve).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { foregroundCheckpointPages } from '../../src/db/checkpoint-in-background.js';

const pageSize = 4096;
const pagesWritten = 3_000;

describe('WAL checkpoints in the background (SQLite)', () => {
  let folder: string | undefined;
  let database: DatabaseHandle | undefined;
  afterEach(async () => {
    await database?.destroy();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function openWith(checkpointInBackground: boolean): Promise<{ db: DatabaseHandle; file: string }> {
    folder = mkdtempSync(join(tmpdir(), 'cwsync-checkpoint-'));
    const file = join(folder, 'cwsync.db');
    database = createDatabase(file, { checkpointInBackground });
    await sql`create table pages (id integer primary key, body blob)`.execute(database.db);
    return { db: database, file };
  }

  /** About `pagesWritten` pages, one row a page, in small transactions as a push writes them. */
  async function writePages(db: DatabaseHandle): Promise<void> {
    const body = Buffer.alloc(pageSize - 200, 7);
    for (let group = 0; group < pagesWritten / 10; group += 1) {
      await db.db.transaction().execute(async (trx) => {
        for (let row = 0; row < 10; row += 1)
          await sql`insert into pages (body) values (${body})`.execute(trx);
      });
    }
  }

  async function autocheckpointOf(db: DatabaseHandle): Promise<number> {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.db);
    return rows[0]!.wal_autocheckpoint;
  }

  it("copies the WAL into the database file while the writer's own checkpoint waits for far more pages", async () => {
    const { db, file } = await openWith(true);
    expect(await autocheckpointOf(db)).toBe(foregroundCheckpointPages);
    expect(pagesWritten).toBeLessThan(foregroundCheckpointPages);
    await writePages(db);
    // Below the writer's threshold, only the background connection moves the pages into the file.
    await expect
      .poll(() => statSync(file).size, { timeout: 20_000, interval: 50 })
      .toBeGreaterThan(pagesWritten * pageSize * 0.9);
    const { rows } = await sql<{ count: number }>`select count(*) as count from pages`.execute(db.db);
    expect(rows[0]!.count).toBe(pagesWritten);
  });

  it('leaves other databases to checkpoint on their own, every 1 000 pages', async () => {
    const { db } = await openWith(false);
    expect(await autocheckpointOf(db)).toBe(1000);
  });
});
