import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SyncDirection } from '../report/index.js';
import type { SyncState } from './sync-state.js';

type Side = 'module' | 'waits_for_module';

/**
 * The sync state of one poll group's transaction, which clears and wakes a record's waits only where waits can
 * be: a pulled record clears its own waits and wakes its waiters (two statements each), and in a first pull
 * there are none. It looks once per group, module and side whether any wait of the instance names the module
 * (as the waiter, or as what is waited for), and skips the statements while none does and the group has filed
 * none. Sound only inside a transaction that holds the write lock from before its first look until it commits
 * (the poll's groups on SQLite): nobody else can file a wait in between.
 */
export function waitsKnownAbsent(state: SyncState, db: Kysely<Database>): SyncState {
  const maybe = new Map<string, Promise<boolean>>();
  const keyOf = (instanceId: string, direction: SyncDirection, side: Side, module: string) =>
    [instanceId, direction, side, module].join('\u0000');
  const mayHave = (instanceId: string, direction: SyncDirection, side: Side, module: string) => {
    const key = keyOf(instanceId, direction, side, module);
    let answer = maybe.get(key);
    if (answer === undefined) {
      answer = db
        .selectFrom('sync_waits')
        .select('record_id')
        .where('instance_id', '=', instanceId)
        .where('direction', '=', direction)
        .where(side, '=', module)
        .limit(1)
        .executeTakeFirst()
        .then((row) => row !== undefined);
      maybe.set(key, answer);
    }
    return answer;
  };
  const filed = (instanceId: string, direction: SyncDirection, side: Side, module: string) =>
    maybe.set(keyOf(instanceId, direction, side, module), Promise.resolve(true));

  return {
    ...state,
    async addWaits(instanceId, direction, waiter, dependencies) {
      filed(instanceId, direction, 'module', waiter.module);
      for (const dependency of dependencies)
        filed(instanceId, direction, 'waits_for_module', dependency.module);
      await state.addWaits(instanceId, direction, waiter, dependencies);
    },
    async clearWaits(instanceId, direction, waiter) {
      if (!(await mayHave(instanceId, direction, 'module', waiter.module))) return;
      await state.clearWaits(instanceId, direction, waiter);
    },
    async wakeWaiters(instanceId, direction, dependency, wake) {
      if (!(await mayHave(instanceId, direction, 'waits_for_module', dependency.module))) return;
      await state.wakeWaiters(instanceId, direction, dependency, wake);
    },
  };
}
