import { NotFoundError, ValidationError } from '../errors/index.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import { queryTemplate } from '../db/query-template.js';
import type { Database, SyncReportTable, SyncRunsTable } from '../db/schema.js';
import type { PullOutcome, PushOutcome, WriteDifference } from '../engine/index.js';
import {
  createActivityRepository,
  type ActivityCounts,
  type ActivityPruneMark,
} from './create-activity-repository.js';
import { describeOutcome } from './describe-outcome.js';
import {
  directionSchema,
  reportFilterSchema,
  runCountsSchema,
  runStartSchema,
  type ReportEntry,
  type ReportFilter,
  type ReportKey,
  type ReportPage,
  type RunCounts,
  type RunStart,
  type RunStatus,
  type SyncDirection,
  type SyncRun,
} from './report-types.js';

export interface RecordOutcomeOptions {
  /** what the engine was doing (create, update, link, …); 'sync' when not given */
  action?: string;
  /** what ConnectWise kept differently in the outcome's writes: an outcome in step is filed as a warning */
  differences?: readonly WriteDifference[];
}

export interface ReportRepository {
  /**
   * Files an engine outcome: failed / waiting / ambiguous / a pull with conflicts upsert the record's row
   * (attempts + 1, the first failure kept, the last one updated); created / updated / linked / unchanged
   * without conflicts remove it (the record is in step); skipped leaves the report as it is.
   * Returns what it did.
   */
  recordOutcome(
    instanceId: string,
    module: string,
    recordId: string,
    direction: SyncDirection,
    outcome: PushOutcome | PullOutcome,
    options?: RecordOutcomeOptions,
  ): Promise<'recorded' | 'cleared' | 'unchanged'>;
  list(filter?: ReportFilter): Promise<ReportPage>;
  get(key: ReportKey): Promise<ReportEntry | undefined>;
  /** Removes the rows of a record: one direction, or both when `direction` is left out. Returns how many. */
  remove(key: Omit<ReportKey, 'direction'> & { direction?: SyncDirection }): Promise<number>;
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
  /** The same repository over another handle of the database: a transaction a job's bookkeeping commits in. */
  over(db: Kysely<Database>): ReportRepository;
}

export interface ReportRepositoryOptions {
  /** the clock (tests) */
  now?: () => Date;
}

/** A record's report row removed when it is in step: after every push, so compiled once (with or without its warning). */
function clearReportTemplate(keepsWarning: boolean) {
  return queryTemplate<unknown, [string, string, string, string]>(
    4,
    (db, instanceId, module, recordId, direction) => {
      const clear = db
        .deleteFrom('sync_report')
        .where('instance_id', '=', instanceId!)
        .where('module', '=', module!)
        .where('record_id', '=', recordId!)
        .where('direction', '=', direction as SyncDirection);
      return keepsWarning ? clear.where('outcome', '!=', 'warning') : clear;
    },
  );
}
const clearReport = clearReportTemplate(false);
const clearReportKeepingWarning = clearReportTemplate(true);

export function createReportRepository(
  db: Kysely<Database>,
  options: ReportRepositoryOptions = {},
): ReportRepository {
  return reportRepositoryOver(db, options, { before: '' });
}

function reportRepositoryOver(
  db: Kysely<Database>,
  options: ReportRepositoryOptions,
  pruned: ActivityPruneMark,
): ReportRepository {
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const activity = createActivityRepository(db, pruned);

  return {
    async recordOutcome(instanceId, module, recordId, direction, outcome, recordOptions = {}) {
      directionSchema.parse(direction);
      const counted = activityCountOf(outcome.outcome);
      if (counted !== undefined) await activity.add(instanceId, { [counted]: 1 });
      const effect = describeOutcome(outcome, recordOptions.differences);
      if (effect.kind === 'unchanged') return 'unchanged';
      if (effect.kind === 'in-step') {
        const clear = effect.keepsWarning ? clearReportKeepingWarning : clearReport;
        await clear(db, instanceId, module, recordId, direction);
        return 'cleared';
      }
      const at = now();
      const { row } = effect;
      await db
        .insertInto('sync_report')
        .values({
          instance_id: instanceId,
          module,
          record_id: recordId,
          direction,
          action: recordOptions.action ?? 'sync',
          outcome: row.outcome,
          field: row.field ?? null,
          message: row.message,
          connectwise: row.connectwise === undefined ? null : writeJsonColumn(row.connectwise),
          candidates: row.candidates === undefined ? null : writeJsonColumn(row.candidates),
          differences: row.differences === undefined ? null : writeJsonColumn(row.differences),
          attempts: 1,
          first_failed_at: at,
          last_failed_at: at,
        })
        .onConflict((conflict) =>
          conflict.columns(['instance_id', 'module', 'record_id', 'direction']).doUpdateSet((update) => ({
            action: update.ref('excluded.action'),
            outcome: update.ref('excluded.outcome'),
            field: update.ref('excluded.field'),
            message: update.ref('excluded.message'),
            connectwise: update.ref('excluded.connectwise'),
            candidates: update.ref('excluded.candidates'),
            differences: update.ref('excluded.differences'),
            attempts: sql<number>`${sql.ref('sync_report.attempts')} + 1`,
            last_failed_at: update.ref('excluded.last_failed_at'),
          })),
        )
        .execute();
      return 'recorded';
    },

    async list(filter = {}) {
      const parsed = reportFilterSchema.parse(filter);
      let query = db.selectFrom('sync_report').selectAll();
      if (parsed.instanceId !== undefined) query = query.where('instance_id', '=', parsed.instanceId);
      if (parsed.module !== undefined) query = query.where('module', '=', parsed.module);
      if (parsed.direction !== undefined) query = query.where('direction', '=', parsed.direction);
      if (parsed.text !== undefined) {
        const pattern = `%${parsed.text.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
        query = query.where(
          sql<boolean>`(lower(message) like ${pattern} escape '\\' or lower(coalesce(field, '')) like ${pattern} escape '\\' or lower(record_id) like ${pattern} escape '\\')`,
        );
      }
      if (parsed.after !== undefined) {
        const key = decodeCursor(parsed.after);
        query = query.where(
          sql<boolean>`(instance_id, module, record_id, direction) > (${key.instanceId}, ${key.module}, ${key.recordId}, ${key.direction})`,
        );
      }
      const rows = await query
        .orderBy('instance_id')
        .orderBy('module')
        .orderBy('record_id')
        .orderBy('direction')
        .limit(parsed.limit + 1)
        .execute();
      const entries = rows.slice(0, parsed.limit).map(toEntry);
      const last = entries.at(-1);
      return rows.length > parsed.limit && last ? { entries, next: encodeCursor(last) } : { entries };
    },

    async get(key) {
      const row = await db
        .selectFrom('sync_report')
        .selectAll()
        .where('instance_id', '=', key.instanceId)
        .where('module', '=', key.module)
        .where('record_id', '=', key.recordId)
        .where('direction', '=', key.direction)
        .executeTakeFirst();
      return row ? toEntry(row) : undefined;
    },

    async remove(key) {
      let query = db
        .deleteFrom('sync_report')
        .where('instance_id', '=', key.instanceId)
        .where('module', '=', key.module)
        .where('record_id', '=', key.recordId);
      if (key.direction !== undefined) query = query.where('direction', '=', key.direction);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

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

    over: (other) => reportRepositoryOver(other, options, pruned),
  };
}

/** The activity chart counts a record written or linked as synced; unchanged and skipped ones did nothing. */
function activityCountOf(outcome: (PushOutcome | PullOutcome)['outcome']): keyof ActivityCounts | undefined {
  if (outcome === 'created' || outcome === 'updated' || outcome === 'linked') return 'synced';
  if (outcome === 'failed' || outcome === 'waiting') return outcome;
  return undefined;
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

function toEntry(row: Selectable<SyncReportTable>): ReportEntry {
  return {
    instanceId: row.instance_id,
    module: row.module,
    recordId: row.record_id,
    direction: row.direction,
    action: row.action,
    outcome: row.outcome,
    ...(row.field !== null ? { field: row.field } : {}),
    message: row.message,
    ...(row.connectwise !== null
      ? { connectwise: readJsonColumn<ReportEntry['connectwise']>(row.connectwise) }
      : {}),
    ...(row.candidates !== null
      ? { candidates: readJsonColumn<NonNullable<ReportEntry['candidates']>>(row.candidates) }
      : {}),
    ...(row.differences !== null && row.differences !== undefined
      ? { differences: readJsonColumn<NonNullable<ReportEntry['differences']>>(row.differences) }
      : {}),
    attempts: Number(row.attempts),
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
  };
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

function encodeCursor(entry: ReportKey): string {
  const key: ReportKey = {
    instanceId: entry.instanceId,
    module: entry.module,
    recordId: entry.recordId,
    direction: entry.direction,
  };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): ReportKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<ReportKey>;
    if (
      typeof key.instanceId === 'string' &&
      typeof key.module === 'string' &&
      typeof key.recordId === 'string' &&
      directionSchema.safeParse(key.direction).success
    ) {
      return key as ReportKey;
    }
  } catch {
    // reported below
  }
  throw ValidationError.at('after', 'cursor', 'must be the `next` cursor of a previous page');
}
