import { sql, type Kysely, type Selectable } from 'kysely';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import { queryTemplate } from '../db/query-template.js';
import type { Database, SyncRunsTable } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors/index.js';
import type { SyncDirection } from '../report/report-types.js';
import {
  runCountsSchema,
  runStartSchema,
  type RunCounts,
  type RunStart,
  type RunStatus,
  type SyncRun,
} from './run-types.js';

/**
 * The run log: the owner of `sync_runs` (a run: its instance, module, direction, trigger, status and counts) and
 * `sync_run_records` (each record's latest outcome in a run). The report repository's run methods and the sync
 * state's run outcomes answer through it.
 */
export interface RunLog {
  /** Opens a run (status running); returns its id. */
  startRun(run: RunStart): Promise<string>;
  finishRun(
    id: string,
    result: { status: Exclude<RunStatus, 'running'>; counts: Partial<RunCounts> },
  ): Promise<void>;
  /** One run of the run log; undefined when there is none with this id. */
  getRun(id: string): Promise<SyncRun | undefined>;
  /** Newest first. */
  listRuns(filter?: { instanceId?: string; module?: string; limit?: number }): Promise<SyncRun[]>;
  /** How many runs the run log holds, per instance, module, direction and status (the metrics' gauge). */
  countRuns(): Promise<
    Array<Pick<SyncRun, 'instanceId' | 'module' | 'direction' | 'status'> & { count: number }>
  >;
  /**
   * The latest outcome of a record in a run: a record that waited and then synced counts once, as synced; one
   * created or linked and then updated counts as created or linked.
   */
  noteRunOutcome(runId: string, module: string, recordId: string, outcome: string): Promise<void>;
  /** Records per outcome in a run so far. */
  runOutcomes(runId: string): Promise<Record<string, number>>;
  /** A record's outcomes in the runs the log still keeps, on every instance or one (a record's story). */
  outcomesOfRecord(record: {
    module: string;
    recordId: string;
    instanceId?: string;
  }): Promise<
    Array<{ at: string; outcome: string; runId: string; instanceId: string; direction: SyncDirection }>
  >;
}

/**
 * A record's outcome in a run, compiled once (a pull notes one per record): `keepsCreated` for an update or an
 * unchanged outcome, which leaves a record created (or linked) earlier in the run counted as created — its
 * default contact patched after it was created.
 */
function noteOutcomeTemplate(keepsCreated: boolean) {
  return queryTemplate<unknown, [string, string, string, string, string]>(
    5,
    (db, runId, module, recordId, outcome, at) =>
      db
        .insertInto('sync_run_records')
        .values({ run_id: runId!, module: module!, record_id: recordId!, outcome: outcome!, at: at! })
        .onConflict((conflict) =>
          conflict.columns(['run_id', 'module', 'record_id']).doUpdateSet((eb) => ({
            outcome: keepsCreated
              ? eb
                  .case()
                  .when('sync_run_records.outcome', 'in', ['created', 'linked'])
                  .then(eb.ref('sync_run_records.outcome'))
                  .else(eb.ref('excluded.outcome'))
                  .end()
              : eb.ref('excluded.outcome'),
            at: eb.ref('excluded.at'),
          })),
        ),
  );
}
const noteOutcome = noteOutcomeTemplate(false);
const noteKeepingCreated = noteOutcomeTemplate(true);

export function createRunLog(db: Kysely<Database>, options: { now?: () => Date } = {}): RunLog {
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  return {
    async startRun(run) {
      const parsed = runStartSchema.parse(run);
      const row = await db
        .insertInto('sync_runs')
        .values({
          instance_id: parsed.instanceId,
          module: parsed.module,
          direction: parsed.direction,
          trigger: parsed.trigger,
          started_at: now(),
          finished_at: null,
          status: 'running',
          counts: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return String(row.id);
    },

    async finishRun(id, result) {
      const counts = runCountsSchema.parse(result.counts);
      const status = runStatusSchema(result.status);
      const updated = await db
        .updateTable('sync_runs')
        .set({ finished_at: now(), status, counts: writeJsonColumn(counts) })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        throw new NotFoundError(`finishRun: run "${id}" does not exist`);
    },

    async getRun(id) {
      // sync_runs.id is an integer on both databases: anything else names no run (and must not reach PostgreSQL).
      if (!/^\d{1,18}$/.test(id)) return undefined;
      const row = await db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRun(row) : undefined;
    },

    async listRuns(filter = {}) {
      const limit = filter.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new ValidationError(
          [{ path: 'limit', rule: 'range', message: 'must be a whole number from 1 to 1000' }],
          'listRuns: limit must be a whole number from 1 to 1000',
        );
      }
      let query = db.selectFrom('sync_runs').selectAll();
      if (filter.instanceId !== undefined) query = query.where('instance_id', '=', filter.instanceId);
      if (filter.module !== undefined) query = query.where('module', '=', filter.module);
      const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRun);
    },

    async countRuns() {
      const rows = await db
        .selectFrom('sync_runs')
        .select(['instance_id', 'module', 'direction', 'status', (eb) => eb.fn.countAll().as('count')])
        .groupBy(['instance_id', 'module', 'direction', 'status'])
        .execute();
      return rows.map((row) => ({
        instanceId: row.instance_id,
        module: row.module,
        direction: row.direction,
        status: row.status,
        count: Number(row.count),
      }));
    },
    async noteRunOutcome(runId, module, recordId, outcome) {
      const note = outcome === 'updated' || outcome === 'unchanged' ? noteKeepingCreated : noteOutcome;
      await note(db, runId, module, recordId, outcome, now());
    },

    async runOutcomes(runId) {
      const rows = await db
        .selectFrom('sync_run_records')
        .select(['outcome', (eb) => eb.fn.countAll<string | number>().as('count')])
        .where('run_id', '=', runId)
        .groupBy('outcome')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.outcome, Number(row.count)]));
    },

    async outcomesOfRecord(record) {
      let query = db
        .selectFrom('sync_run_records')
        // run_id is text, sync_runs.id an integer (bigint on PostgreSQL)
        .innerJoin('sync_runs', (join) =>
          join.on(
            sql<string>`cast(${sql.ref('sync_runs.id')} as text)`,
            '=',
            sql.ref('sync_run_records.run_id'),
          ),
        )
        .select([
          'sync_run_records.at',
          'sync_run_records.outcome',
          'sync_run_records.run_id',
          'sync_runs.instance_id',
          'sync_runs.direction',
        ])
        .where('sync_run_records.module', '=', record.module)
        .where('sync_run_records.record_id', '=', record.recordId);
      if (record.instanceId !== undefined)
        query = query.where('sync_runs.instance_id', '=', record.instanceId);
      return (await query.execute()).map((row) => ({
        at: row.at,
        outcome: row.outcome,
        runId: String(row.run_id),
        instanceId: row.instance_id,
        direction: row.direction,
      }));
    },
  };
}

function runStatusSchema(status: string): Exclude<RunStatus, 'running'> {
  if (status !== 'succeeded' && status !== 'failed') {
    throw new ValidationError(
      [{ path: 'status', rule: 'enum', message: `must be "succeeded" or "failed", not "${status}"` }],
      `finishRun: status must be "succeeded" or "failed", not "${status}"`,
    );
  }
  return status;
}

function toRun(row: Selectable<SyncRunsTable>): SyncRun {
  return {
    id: String(row.id),
    instanceId: row.instance_id,
    module: row.module,
    direction: row.direction,
    trigger: row.trigger,
    startedAt: row.started_at,
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    status: row.status,
    ...(row.counts !== null ? { counts: readJsonColumn<RunCounts>(row.counts) } : {}),
  };
}
