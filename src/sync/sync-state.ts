import type { Kysely } from 'kysely';
import { queryTemplate } from '../db/query-template.js';
import type { Database } from '../db/schema.js';
import type { SyncDirection } from '../report/index.js';
import { createRunLog } from '../runs/index.js';

export interface WaitingRecord {
  module: string;
  recordId: string;
}

/** A record that waits for another, with the run it is counted in (woken into that run). */
export interface Waiter extends WaitingRecord {
  runId?: string;
}

/**
 * The engine's own bookkeeping in the application database: which records wait for which (a dependency's
 * success wakes its dependents at once, so nothing polls and nothing deadlocks), the cursors of the change-feed
 * reader and of the pollers, and the latest outcome of each record in a run.
 */
export interface SyncState {
  /** Files that `waiter` waits for each of `dependencies` (idempotent; the latest run wins). */
  addWaits(
    instanceId: string,
    direction: SyncDirection,
    waiter: Waiter,
    dependencies: readonly WaitingRecord[],
  ): Promise<void>;
  /**
   * Wakes the records that waited for `dependency`: `wake` runs for each (it queues its job), and only then are their
   * waits removed, so a process killed in between leaves the waits to be woken again, never a record that waits for
   * nothing (a wake-up queued twice merges into one job). A `wake` that answers `false` woke nobody: that wait stays.
   */
  wakeWaiters(
    instanceId: string,
    direction: SyncDirection,
    dependency: WaitingRecord,
    wake: (waiter: Waiter) => Promise<void | boolean>,
  ): Promise<void>;
  /**
   * The chain of waits from `from` that leads to `to` (`[from, …, to]`), or undefined: a record about to wait
   * for `from` while such a chain exists would close a cycle that no push can ever resolve.
   */
  findWaitChain(
    instanceId: string,
    direction: SyncDirection,
    from: WaitingRecord,
    to: WaitingRecord,
  ): Promise<WaitingRecord[] | undefined>;
  /** Forgets the waits of a record (it synced, or a person unlinked it). */
  clearWaits(instanceId: string, direction: SyncDirection, waiter: WaitingRecord): Promise<void>;
  getCursor(instanceId: string, name: string): Promise<string | undefined>;
  setCursor(instanceId: string, name: string, value: string): Promise<void>;
  /**
   * The latest outcome of a record in a run: a record that waited and then synced counts once, as synced; one
   * created or linked and then updated counts as created or linked.
   */
  noteRunOutcome(runId: string, module: string, recordId: string, outcome: string): Promise<void>;
  /** Records per outcome in a run so far. */
  runOutcomes(runId: string): Promise<Record<string, number>>;
}

/** Deletes a waiter's waits: after every push, so compiled once. */
const waitsOfWaiter = queryTemplate<unknown, [string, string, string, string]>(
  4,
  (db, instanceId, direction, module, recordId) =>
    db
      .deleteFrom('sync_waits')
      .where('instance_id', '=', instanceId!)
      .where('direction', '=', direction as SyncDirection)
      .where('module', '=', module!)
      .where('record_id', '=', recordId!),
);

/** Records looked at, at most, when searching the waits for a cycle. */
const maxWaitChainSearch = 10_000;

export function createSyncState(db: Kysely<Database>, now: () => Date = () => new Date()): SyncState {
  const stamp = () => now().toISOString();
  const runs = createRunLog(db, { now });
  return {
    async addWaits(instanceId, direction, waiter, dependencies) {
      if (dependencies.length === 0) return;
      await db
        .insertInto('sync_waits')
        .values(
          dependencies.map((dependency) => ({
            instance_id: instanceId,
            direction,
            module: waiter.module,
            record_id: waiter.recordId,
            waits_for_module: dependency.module,
            waits_for_record: dependency.recordId,
            run_id: waiter.runId ?? null,
            created_at: stamp(),
          })),
        )
        .onConflict((conflict) =>
          conflict
            .columns([
              'instance_id',
              'direction',
              'waits_for_module',
              'waits_for_record',
              'module',
              'record_id',
            ])
            .doUpdateSet({ run_id: waiter.runId ?? null }),
        )
        .execute();
    },

    async wakeWaiters(instanceId, direction, dependency, wake) {
      const waitsFor = db
        .selectFrom('sync_waits')
        .where('instance_id', '=', instanceId)
        .where('direction', '=', direction)
        .where('waits_for_module', '=', dependency.module)
        .where('waits_for_record', '=', dependency.recordId);
      const rows = await waitsFor.select(['module', 'record_id', 'run_id']).execute();
      for (const row of rows) {
        const woken = await wake({
          module: row.module,
          recordId: row.record_id,
          ...(row.run_id ? { runId: row.run_id } : {}),
        });
        if (woken === false) continue;
        // only the wait that was woken: one filed meanwhile (a later run of the same record) stays
        await db
          .deleteFrom('sync_waits')
          .where('instance_id', '=', instanceId)
          .where('direction', '=', direction)
          .where('waits_for_module', '=', dependency.module)
          .where('waits_for_record', '=', dependency.recordId)
          .where('module', '=', row.module)
          .where('record_id', '=', row.record_id)
          .where((eb) => (row.run_id === null ? eb('run_id', 'is', null) : eb('run_id', '=', row.run_id)))
          .execute();
      }
    },

    async findWaitChain(instanceId, direction, from, to) {
      const keyOf = (record: WaitingRecord) => `${record.module}\u0000${record.recordId}`;
      const cameFrom = new Map<string, WaitingRecord | undefined>([[keyOf(from), undefined]]);
      const pathTo = (record: WaitingRecord): WaitingRecord[] => {
        const path: WaitingRecord[] = [];
        for (let node: WaitingRecord | undefined = record; node; node = cameFrom.get(keyOf(node))) {
          path.unshift(node);
        }
        return path;
      };
      if (keyOf(from) === keyOf(to)) return [from];
      // Breadth first, so the chain reported is the shortest; bounded by the records that wait at all.
      for (let frontier = [from]; frontier.length > 0 && cameFrom.size < maxWaitChainSearch;) {
        const next: WaitingRecord[] = [];
        for (const node of frontier) {
          const rows = await db
            .selectFrom('sync_waits')
            .select(['waits_for_module', 'waits_for_record'])
            .where('instance_id', '=', instanceId)
            .where('direction', '=', direction)
            .where('module', '=', node.module)
            .where('record_id', '=', node.recordId)
            .execute();
          for (const row of rows) {
            const dependency = { module: row.waits_for_module, recordId: row.waits_for_record };
            if (cameFrom.has(keyOf(dependency))) continue;
            cameFrom.set(keyOf(dependency), node);
            if (keyOf(dependency) === keyOf(to)) return pathTo(dependency);
            next.push(dependency);
          }
        }
        frontier = next;
      }
      return undefined;
    },

    async clearWaits(instanceId, direction, waiter) {
      await waitsOfWaiter(db, instanceId, direction, waiter.module, waiter.recordId);
    },

    async getCursor(instanceId, name) {
      const row = await db
        .selectFrom('sync_cursors')
        .select('value')
        .where('instance_id', '=', instanceId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row?.value;
    },

    async setCursor(instanceId, name, value) {
      await db
        .insertInto('sync_cursors')
        .values({ instance_id: instanceId, name, value, updated_at: stamp() })
        .onConflict((conflict) =>
          conflict.columns(['instance_id', 'name']).doUpdateSet({ value, updated_at: stamp() }),
        )
        .execute();
    },

    // A run's outcomes are src/runs/'s: the state answers for them so that its callers keep one port.
    noteRunOutcome: (runId, module, recordId, outcome) =>
      runs.noteRunOutcome(runId, module, recordId, outcome),
    runOutcomes: (runId) => runs.runOutcomes(runId),
  };
}

/** Every cursor whose name starts with `prefix` (`poll:`: the pollers' checkpoints; no LIKE wildcards), across instances. */
export async function listCursors(
  db: Kysely<Database>,
  prefix: string,
): Promise<Array<{ instanceId: string; name: string; value: string }>> {
  const rows = await db
    .selectFrom('sync_cursors')
    .select(['instance_id', 'name', 'value'])
    .where('name', 'like', `${prefix}%`)
    .execute();
  return rows.map((row) => ({ instanceId: row.instance_id, name: row.name, value: row.value }));
}
