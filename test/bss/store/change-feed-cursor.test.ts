import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/bss/store/index.js';
import { recordWriteLockKey } from '../../../src/bss/store/write-lock.js';
import { databaseTargets } from '../../support/database.js';
import { useRecordStore } from '../../support/record-store-suite.js';

describe.each(databaseTargets())('change feed on $name', (target) => {
  const suite = useRecordStore(target);

  async function readAll(
    after: string | null,
    origin?: 'pull',
  ): Promise<{ changes: Change[]; cursor: string | null }> {
    const changes: Change[] = [];
    let cursor = after;
    for (;;) {
      const page = await suite.store.changesAfter(cursor, 7, origin ? { origin } : {});
      changes.push(...page.changes);
      if (page.changes.length === 0) return { changes, cursor };
      cursor = page.nextCursor;
    }
  }

  async function untilSomeoneWaitsForAnAdvisoryLock(): Promise<void> {
    for (;;) {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`.execute(
        suite.database.db,
      );
      if ((rows[0]?.waiting ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('lists every write once, in order, with its origin, version and snapshot', async () => {
    const start = (await readAll(null)).cursor;
    await suite.store.create('countries', { id: 'de', name: 'Germany', code: 'DE' }, { origin: 'api' });
    await suite.store.update(
      'countries',
      'de',
      { name: 'Deutschland' },
      { origin: 'pull', actor: 'cw-prod' },
    );
    await suite.store.remove('countries', 'de', { origin: 'import' });
    const { changes } = await readAll(start);
    expect(changes.map(({ action, origin, version }) => ({ action, origin, version }))).toEqual([
      { action: 'created', origin: 'api', version: 1 },
      { action: 'updated', origin: 'pull', version: 2 },
      { action: 'deleted', origin: 'import', version: 3 },
    ]);
    expect(changes[1]?.record).toMatchObject({ id: 'de', name: 'Deutschland', version: 2 });
    expect(changes[2]?.record).toBeNull();
  });

  it('refuses a cursor ahead of the feed, which would silently skip every change up to it', async () => {
    const { cursor } = await readAll(null);
    const ahead = String(BigInt(cursor ?? '0') + 1000n);
    await expect(suite.store.changesAfter(ahead, 10)).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'after', rule: 'cursor', received: ahead })],
    });
  });

  it('keeps its place when nothing is new, and filters by origin', async () => {
    const { cursor } = await readAll(null);
    expect((await suite.store.changesAfter(cursor, 10)).nextCursor).toBe(cursor);
    await suite.store.create('countries', { id: 'it', name: 'Italy', code: 'IT' }, { origin: 'pull' });
    await suite.store.create('countries', { id: 'es', name: 'Spain', code: 'ES' }, { origin: 'api' });
    const pulled = await readAll(cursor, 'pull');
    expect(pulled.changes.map((change) => change.recordId)).toEqual(['it']);
    const pushed = await suite.store.changesAfter(cursor, 10, { origin: ['api', 'import'] });
    expect(pushed.changes.map((change) => change.recordId)).toEqual(['es']);
  });

  it('moves a filtered reader past the changes it leaves out, so it never reads them again', async () => {
    const { cursor } = await readAll(null);
    for (const code of ['AA', 'AB', 'AC']) {
      await suite.store.create('countries', { id: code.toLowerCase(), name: code, code }, { origin: 'pull' });
    }
    const nothingForIt = await suite.store.changesAfter(cursor, 10, { origin: ['api', 'import'] });
    expect(nothingForIt.changes).toEqual([]);
    const newest = (await readAll(cursor)).changes.at(-1)!.cursor;
    expect(nothingForIt.nextCursor).toBe(newest);
    // What comes after is still read, and from the moved cursor nothing is read twice.
    await suite.store.create('countries', { id: 'ad', name: 'AD', code: 'AD' }, { origin: 'api' });
    const next = await suite.store.changesAfter(nothingForIt.nextCursor, 10, { origin: ['api', 'import'] });
    expect(next.changes.map((change) => change.recordId)).toEqual(['ad']);
    // A full page keeps its place at its last change: what follows it may match.
    const full = await suite.store.changesAfter(cursor, 1, { origin: 'pull' });
    expect(full.nextCursor).toBe(full.changes[0]!.cursor);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(suite.store.changesAfter('abc', 10)).rejects.toMatchObject({ status: 400 });
    await expect(suite.store.changesAfter(null, 0)).rejects.toMatchObject({ status: 400 });
  });

  it('never skips or repeats a change while many writers commit and a reader polls', async () => {
    const { cursor: start } = await readAll(null);
    const writers = 8;
    const writesEach = 15;
    const seen: Change[] = [];
    let cursor = start;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await suite.store.changesAfter(cursor, 5);
        seen.push(...page.changes);
        cursor = page.nextCursor;
      }
    })();
    // A reader of one origin, whose cursor also moves past the changes it leaves out, misses none of its own.
    const seenFromApi: Change[] = [];
    let apiCursor = start;
    const apiReader = (async () => {
      while (writing) {
        const page = await suite.store.changesAfter(apiCursor, 5, { origin: 'api' });
        seenFromApi.push(...page.changes);
        apiCursor = page.nextCursor;
      }
    })();
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let index = 0; index < writesEach; index++) {
          await suite.store.create(
            'unit-types',
            { id: `w${writer}-${index}`, name: `Unit ${index}` },
            { origin: writer % 2 === 0 ? 'pull' : 'api' },
          );
        }
      }),
    );
    writing = false;
    await Promise.all([reader, apiReader]);
    seen.push(...(await readAll(cursor)).changes);
    for (;;) {
      const page = await suite.store.changesAfter(apiCursor, 50, { origin: 'api' });
      if (page.changes.length === 0) break;
      seenFromApi.push(...page.changes);
      apiCursor = page.nextCursor;
    }
    const fromApi = seenFromApi.map((change) => change.recordId);
    expect(new Set(fromApi).size).toBe(fromApi.length);
    expect(fromApi).toHaveLength((writers / 2) * writesEach);
    const ids = seen.map((change) => change.recordId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(writers * writesEach);
    const cursors = seen.map((change) => BigInt(change.cursor));
    expect(cursors.every((value, index) => index === 0 || value > cursors[index - 1]!)).toBe(true);
  });

  // Concurrent writers exist on PostgreSQL only (SQLite has one writer at a time): the test exists for it alone.
  if (target.name === 'postgres')
    it('does not hand out a later change while an earlier writer has not committed yet', async () => {
      const { db } = suite.database;
      const { cursor: start } = await readAll(null);
      // A writer that has taken the write lock and written its change row, but not committed yet.
      const slow = await db.startTransaction().execute();
      await sql`select pg_advisory_xact_lock(${recordWriteLockKey})`.execute(slow);
      await slow
        .insertInto('bss_record_changes')
        .values({
          entity: 'unit-types',
          record_id: 'slow',
          action: 'created',
          origin: 'pull',
          version: 1,
          record: null,
          actor: null,
          at: new Date().toISOString(),
        })
        .execute();
      const fast = suite.store.create('unit-types', { id: 'fast', name: 'Fast' }, { origin: 'pull' });
      // Either the fast writer queues behind the lock (as it must) or, if it did not, it commits first.
      await Promise.race([fast.then(() => undefined), untilSomeoneWaitsForAnAdvisoryLock()]);
      const whileSlowIsOpen = await suite.store.changesAfter(start, 10);
      expect(whileSlowIsOpen.changes).toEqual([]);
      await slow.commit().execute();
      await fast;
      const { changes } = await readAll(start);
      expect(changes.map((change) => change.recordId)).toEqual(['slow', 'fast']);
    });
});
