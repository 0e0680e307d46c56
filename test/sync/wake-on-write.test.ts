// Wake on write: a BSS write is read from the change feed at once, not at the feed's next poll — in the process
// that took the write, and (PostgreSQL, LISTEN/NOTIFY) in the worker processes of a `serve --no-sync`.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import { where } from '../../src/connectwise/index.js';
import { createDatabase } from '../../src/db/index.js';
import { createFeedTrigger } from '../../src/sync/feed-trigger.js';
import { databaseTargets, postgresTestUrl } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const account = (name: string) => ({
  code: name,
  name,
  type: { id: 'customer' },
  currency: { id: 'USD' },
  addresses: [{ address1: '1 Main Street', city: 'Tampa', countryCode: 'US', isBilling: true }],
});

async function within<T>(ms: number, look: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`nothing after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the feed trigger', () => {
  it('runs once more after a read when asked during it, and coalesces writes that come together', async () => {
    let reads = 0;
    let release!: () => void;
    const trigger = createFeedTrigger(async () => {
      reads += 1;
      if (reads === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = trigger.run();
    const second = trigger.run(); // during the first read: one more after it, the same promise
    const third = trigger.run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    release();
    await first;
    expect(reads).toBe(2);
    trigger.soon();
    trigger.soon();
    trigger.soon();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reads).toBe(3);
    trigger.close();
  });
});

describe.each(databaseTargets())('wake on write on $name', (target) => {
  let world: SyncWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  const companyNamed = (current: SyncWorld, name: string) => async () => {
    const found = await current.cw.client.company.companies.page({ conditions: where('name', '=', name) });
    return found.items[0];
  };

  it('pushes an account written through the API long before the feed would next be polled', async () => {
    // the feed's own poll is an hour away: only the write can wake it
    const current = (world = await startSyncWorld(target, { service: { feedEveryMs: 3_600_000 } }));
    current.sync.registerSchedules();
    await current.queue.start(current.sync.handlers, { concurrency: 4 });
    await current.store.upsert('accounts', 'WAKE-1', account('Wake One'), { origin: 'api' });
    await within(10_000, companyNamed(current, 'Wake One'));
  });

  it('pushes at once what was written before the sync started, not at the first fire of the schedule', async () => {
    // an import before `serve`: no process heard the write, and the feed's own poll is an hour away
    const current = (world = await startSyncWorld(target, { service: { feedEveryMs: 3_600_000 } }));
    await current.store.upsert('accounts', 'BEFORE-1', account('Before One'), { origin: 'import' });
    current.sync.registerSchedules();
    await current.queue.start(current.sync.handlers, { concurrency: 4 });
    await within(10_000, companyNamed(current, 'Before One'));
  });

  it('does not read the feed for a write of a pull', async () => {
    const current = (world = await startSyncWorld(target, { service: { feedEveryMs: 3_600_000 } }));
    let woken = 0;
    const unsubscribe = current.store.onWrite?.(() => (woken += 1));
    await current.store.upsert('accounts', 'PULLED-1', account('Pulled One'), { origin: 'pull' });
    await current.store.writeBatch(
      'accounts',
      [{ input: account('Dry Run') }],
      { origin: 'import' },
      {
        dryRun: true,
      },
    );
    expect(woken).toBe(0);
    await current.store.upsert('accounts', 'API-1', account('Api One'), { origin: 'api' });
    expect(woken).toBe(1);
    unsubscribe?.();
  });

  it.runIf(target.name === 'postgres')(
    "wakes a worker's feed for a write another process took (LISTEN/NOTIFY)",
    async () => {
      const url = postgresTestUrl()!;
      const current = (world = await startSyncWorld(target, {
        service: { feedEveryMs: 3_600_000, bssChangesUrl: url },
      }));
      current.sync.registerSchedules();
      await current.queue.start(current.sync.handlers, { concurrency: 4 });
      // `serve --no-sync`: its own database handle and store on the same schema
      const schema = (
        await sql<{ schema: string }>`select current_schema() as schema`.execute(current.database.db)
      ).rows[0]!.schema;
      const other = createDatabase(url, { schema });
      try {
        // the worker's LISTEN is opened in the background: give it a moment, as a worker has before any write
        await new Promise((resolve) => setTimeout(resolve, 300));
        await createRecordStore(other.db).upsert('accounts', 'WAKE-2', account('Wake Two'), {
          origin: 'api',
        });
        await within(10_000, companyNamed(current, 'Wake Two'));
      } finally {
        await other.destroy();
      }
    },
  );
});
