import type { Insertable, Kysely } from 'kysely';
import { queryTemplate } from '../db/query-template.js';
import type { Database, SyncWaitsTable } from '../db/schema.js';
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

/** Waits filed at once; a later run's wait for the same record takes it over. */
function addWaitsStatement(
  db: Kysely<Database>,
  rows: Insertable<SyncWaitsTable> | Array<Insertable<SyncWaitsTable>>,
  runId: string | null,
) {
  return db
    .insertInto('sync_waits')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .columns(['instance_id', 'direction', 'waits_for_module', 'waits_for_record', 'module', 'record_id'])
        .doUpdateSet({ run_id: runId }),
    );
}

/** One wait filed: what most waiting records file (a contact waits for its account), so compiled once. */
const addWait = queryTemplate<
  unknown,
  [string, string, string, string, string, string, string | null, string]
>(8, (db, instanceId, direction, module, recordId, waitsForModule, waitsForRecord, runId, createdAt) =>
  addWaitsStatement(
    db,
    {
      instance_id: instanceId!,
      direction: direction as SyncDirection,
      module: module!,
      record_id: recordId!,
      waits_for_module: waitsForModule!,
      waits_for_record: waitsForRecord!,
      run_id: runId!,
      created_at: createdAt!,
    },
    runId!,
  ),
);

/** The records that wait for one: read after every push that got a record into ConnectWise, so compiled once. */
const waitersOf = queryTemplate<
  { module: string; record_id: string; run_id: string | null },
  [string, string, string, string]
>(4, (db, instanceId, direction, module, recordId) =>
  db
    .selectFrom('sync_waits')
    .select(['module', 'record_id', 'run_id'])
    .where('instance_id', '=', instanceId!)
    .where('direction', '=', direction as SyncDirection)
    .where('waits_for_module', '=', module!)
    .where('waits_for_record', '=', recordId!),
);

/** One woken wait removed (of a run, or of none): once per record woken, so compiled once. */
function wokenWaitTemplate(ofRun: boolean) {
  return queryTemplate<unknown, [string, string, string, string, string, string, ...string[]]>(
    ofRun ? 7 : 6,
    (db, instanceId, direction, waitsForModule, waitsForRecord, module, recordId, runId) => {
      const wait = db
        .deleteFrom('sync_waits')
        .where('instance_id', '=', instanceId!)
        .where('direction', '=', direction as SyncDirection)
        .where('waits_for_module', '=', waitsForModule!)
        .where('waits_for_record', '=', waitsForRecord!)
        .where('module', '=', module!)
        .where('record_id', '=', recordId!);
      return ofRun ? wait.where('run_id', '=', runId!) : wait.where('run_id', 'is', null);
    },
  );
}
const wokenWaitOfRun = wokenWaitTemplate(true);
const wokenWaitOfNoRun = wokenWaitTemplate(false);

/** What one record waits for: each step of a search for a wait cycle, so compiled once. */
const waitsForOf = queryTemplate<
  { waits_for_module: string; waits_for_record: string },
  [string, string, string, string]
>(4, (db, instanceId, direction, module, recordId) =>
  db
    .selectFrom('sync_waits')
    .select(['waits_for_module', 'waits_for_record'])
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
      const rows = dependencies.map((dependency) => ({
        instance_id: instanceId,
        direction,
        module: waiter.module,
        record_id: waiter.recordId,
        waits_for_module: dependency.module,
        waits_for_record: dependency.recordId,
        run_id: waiter.runId ?? null,
        created_at: stamp(),
      }));
      const [only] = rows;
      if (only === undefined) return;
      if (rows.length === 1) {
        await addWait(
          db,
          only.instance_id,
          only.direction,
          only.module,
          only.record_id,
          only.waits_for_module,
          only.waits_for_record,
          only.run_id,
          only.created_at,
        );
        return;
      }
      await addWaitsStatement(db, rows, waiter.runId ?? null).execute();
    },

    async wakeWaiters(instanceId, direction, dependency, wake) {
      const { rows } = await waitersOf(db, instanceId, direction, dependency.module, dependency.recordId);
      for (const row of rows) {
        const woken = await wake({
          module: row.module,
          recordId: row.record_id,
          ...(row.run_id ? { runId: row.run_id } : {}),
        });
        if (woken === false) continue;
        // only the wait that was woken: one filed meanwhile (a later run of the same record) stays
        const wait = [
          instanceId,
          direction,
          dependency.module,
          dependency.recordId,
          row.module,
          row.record_id,
        ] as const;
        if (row.run_id === null) await wokenWaitOfNoRun(db, ...wait);
        else await wokenWaitOfRun(db, ...wait, row.run_id);
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
          const { rows } = await waitsForOf(db, instanceId, direction, node.module, node.recordId);
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
