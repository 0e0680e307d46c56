// A record that waits for another is woken when that one syncs: its wake-up job is queued before its wait is
// removed, so a process killed in between leaves a wait to wake again, never a record waiting for nothing (the
// soak test's "contact left waiting for an account that synced").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createSyncState, type SyncState, type Waiter } from '../../src/sync/sync-state.js';
import { databaseTargets } from '../support/database.js';

const account = { module: 'accounts', recordId: 'A-1' };
const contacts: Waiter[] = [
  { module: 'contacts', recordId: 'C-1' },
  { module: 'contacts', recordId: 'C-2', runId: '7' },
];

describe.each(databaseTargets())('waking the records that waited, on $name', ({ open }) => {
  let database: DatabaseHandle;
  let state: SyncState;
  beforeEach(async () => {
    database = await open();
    state = createSyncState(database.db);
    for (const contact of contacts) await state.addWaits('tenant', 'push', contact, [account]);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('wakes each waiter once and then forgets its wait', async () => {
    const woken: Waiter[] = [];
    await state.wakeWaiters('tenant', 'push', account, async (waiter) => {
      woken.push(waiter);
    });
    expect(woken).toEqual(contacts);
    const again: Waiter[] = [];
    await state.wakeWaiters('tenant', 'push', account, async (waiter) => {
      again.push(waiter);
    });
    expect(again).toEqual([]);
  });

  it('keeps the wait of a waiter whose wake-up could not be queued (a process killed, a queue down)', async () => {
    await expect(
      state.wakeWaiters('tenant', 'push', account, async (waiter) => {
        if (waiter.recordId === 'C-2') throw new Error('killed before the wake-up was queued');
      }),
    ).rejects.toThrow(/killed/);
    const left: Waiter[] = [];
    await state.wakeWaiters('tenant', 'push', account, async (waiter) => {
      left.push(waiter);
    });
    expect(left).toEqual([contacts[1]]);
  });

  it('keeps the wait of a waiter the wake passes over (answers false): only the others are forgotten', async () => {
    await state.wakeWaiters('tenant', 'push', account, async (waiter) => waiter.recordId !== 'C-1');
    const left: Waiter[] = [];
    await state.wakeWaiters('tenant', 'push', account, async (waiter) => {
      left.push(waiter);
    });
    expect(left).toEqual([contacts[0]]);
  });
});
