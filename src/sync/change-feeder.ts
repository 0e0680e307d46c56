import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RecordStore } from '../bss/store/index.js';
import type { CompiledConnector } from '../engine/index.js';
import type { InstanceRepository } from '../instances/index.js';
import type { JobQueue } from '../jobs/index.js';
import { pushJobKind } from './job-kinds.js';
import type { SyncState } from './sync-state.js';

export const changeFeedCursor = 'bss-changes';

export interface ChangeFeederDependencies {
  store: RecordStore;
  instances: InstanceRepository;
  connector: CompiledConnector;
  state: SyncState;
  queue: Pick<JobQueue, 'enqueue'>;
}

/**
 * Turns the BSS change feed into push jobs, per enabled instance, from the instance's own cursor: what the API
 * and imports changed is pushed; what a pull wrote (origin `pull`) is not, so nothing echoes. Jobs coalesce per
 * record, so a record changed ten times before its job runs is pushed once. The cursor moves after its jobs
 * are queued: a crash queues a batch twice (harmless), never loses one. A new instance starts from the
 * beginning of the feed: activating it pushes what the BSS already holds. Returns the jobs queued.
 */
export async function feedChanges(deps: ChangeFeederDependencies, batchSize = 500): Promise<number> {
  const modulesByEntity = new Map<string, string[]>();
  for (const module of deps.connector.modules.values()) {
    if (!module.push) continue;
    const entity = module.definition.bssEntity;
    modulesByEntity.set(entity, [...(modulesByEntity.get(entity) ?? []), module.name]);
  }
  let queued = 0;
  for (const instance of await deps.instances.list()) {
    if (!instance.enabled) continue;
    let cursor = (await deps.state.getCursor(instance.id, changeFeedCursor)) ?? null;
    for (;;) {
      const { changes, nextCursor } = await deps.store.changesAfter(cursor, batchSize, {
        origin: ['api', 'import'],
      });
      // The batch's jobs are queued together (the embedded queue writes them in one transaction), each record
      // once however often it changed, in the order of its first change.
      const jobs = new Map<string, { module: string; recordId: string }>();
      for (const change of changes) {
        if (change.action === 'deleted') continue; // deletes are not pushed (the documented matrix)
        for (const module of modulesByEntity.get(change.entity) ?? []) {
          jobs.set(JSON.stringify([module, change.recordId]), { module, recordId: change.recordId });
        }
      }
      // A job of the record already waiting reads it afresh when it runs; merged, it stays in its run.
      await Promise.all(
        [...jobs.values()].map((job) =>
          deps.queue.enqueue({ kind: pushJobKind, instanceId: instance.id, ...job }, { ifWaiting: 'merge' }),
        ),
      );
      queued += jobs.size;
      if (nextCursor !== null && nextCursor !== cursor) {
        await deps.state.setCursor(instance.id, changeFeedCursor, nextCursor);
        cursor = nextCursor;
      }
      if (changes.length < batchSize) break;
      // On SQLite every query completes synchronously, so a long feed would never give timers and I/O a turn:
      // the queue's lease heartbeats and the jobs' ConnectWise calls would stall until the whole feed is queued.
      await yieldToEventLoop();
    }
  }
  return queued;
}
