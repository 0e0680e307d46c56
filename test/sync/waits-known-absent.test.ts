// A poll group's sync state skips clearing and waking waits where none can be (issue 14, P6: two statements per
// pulled record in a first pull), and still wakes every waiter there is: one filed before the group, and one a
// record of the same group filed (an account waiting for its parent company, listed later in the same poll).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createSyncState, type SyncState, type Waiter } from '../../src/sync/sync-state.js';
import { waitsKnownAbsent } from '../../src/sync/waits-known-absent.js';
import { databaseTargets } from '../support/database.js';

const parent = { module: 'accounts', recordId: '20' };
const child: Waiter = { module: 'accounts', recordId: '10', runId: '3' };

describe.each(databaseTargets())('a poll group’s waits, on $name', ({ open }) => {
  let database: DatabaseHandle;
  let state: SyncState;
  beforeEach(async () => {
    database = await open();
    state = createSyncState(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const wakeAll = async (group: SyncState, dependency = parent) => {
    const woken: Waiter[] = [];
    await group.wakeWaiters('tenant', 'pull', dependency, async (waiter) => {
      woken.push(waiter);
    });
    return woken;
  };

  it('looks once per module and side, then skips the clearing and waking of records that cannot have waits', async () => {
    const calls: string[] = [];
    const counted: SyncState = {
      ...state,
      clearWaits: async (...args) => {
        calls.push('clear');
        await state.clearWaits(...args);
      },
      wakeWaiters: async (...args) => {
        calls.push('wake');
        await state.wakeWaiters(...args);
      },
    };
    const group = waitsKnownAbsent(counted, database.db);
    for (const recordId of ['1', '2', '3']) {
      await group.clearWaits('tenant', 'pull', { module: 'accounts', recordId });
      expect(await wakeAll(group, { module: 'accounts', recordId })).toEqual([]);
    }
    expect(calls).toEqual([]);
  });

  it('wakes a waiter filed before the group', async () => {
    await state.addWaits('tenant', 'pull', child, [parent]);
    const group = waitsKnownAbsent(state, database.db);
    expect(await wakeAll(group)).toEqual([child]);
  });

  it('wakes a waiter a record of the same group filed after the group first looked', async () => {
    const group = waitsKnownAbsent(state, database.db);
    // the group's first records: nothing waits yet
    await group.clearWaits('tenant', 'pull', { module: 'accounts', recordId: '5' });
    expect(await wakeAll(group, { module: 'accounts', recordId: '5' })).toEqual([]);
    // the child waits for its parent, which the group takes next
    await group.addWaits('tenant', 'pull', child, [parent]);
    expect(await wakeAll(group)).toEqual([child]);
    // and a record that waited clears its own waits once it is in
    await group.addWaits('tenant', 'pull', child, [parent]);
    await group.clearWaits('tenant', 'pull', child);
    expect(await wakeAll(waitsKnownAbsent(state, database.db))).toEqual([]);
  });
});
