import { ValidationError } from '../errors/index.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import { queryTemplate } from '../db/query-template.js';
import type { Database, SyncReportTable } from '../db/schema.js';
import type { PullOutcome, PushOutcome, WriteDifference } from '../engine/index.js';
import { createActivityRepository, type ActivityCounts } from './create-activity-repository.js';
import { bufferActivity, type ActivityBuffer } from './buffer-activity.js';
import { describeOutcome } from './describe-outcome.js';
import { createRunLog, type RunLog } from '../runs/index.js';
import {
  directionSchema,
  reportFilterSchema,
  type ReportEntry,
  type ReportFilter,
  type ReportKey,
  type ReportPage,
  type SyncDirection,
} from './report-types.js';

export interface RecordOutcomeOptions {
  /** what the engine was doing (create, update, link, …); 'sync' when not given */
  action?: string;
  /** what ConnectWise kept differently in the outcome's writes: an outcome in step is filed as a warning */
  differences?: readonly WriteDifference[];
}

/** The report, and the run log's methods (src/runs/ owns the run log; its callers have always found it here). */
export interface ReportRepository extends Pick<RunLog, 'startRun' | 'finishRun' | 'getRun' | 'listRuns'> {
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
  /**
   * `recordOutcome` for an outcome in step, without its statement: counts the outcome and answers how the record's
   * row is to be removed, for a caller that removes it in a statement of its own together with other bookkeeping
   * (a push's end on PostgreSQL: src/sync/settle-synced-push.ts). `undefined`: the outcome is not in step, nothing
   * was counted, and `recordOutcome` is the caller's to call.
   */
  countInStep(
    instanceId: string,
    outcome: PushOutcome | PullOutcome,
    options?: RecordOutcomeOptions,
  ): InStepClear | undefined;
  list(filter?: ReportFilter): Promise<ReportPage>;
  get(key: ReportKey): Promise<ReportEntry | undefined>;
  /** Removes the rows of a record: one direction, or both when `direction` is left out. Returns how many. */
  remove(key: Omit<ReportKey, 'direction'> & { direction?: SyncDirection }): Promise<number>;
  /** A record's rows on every instance (or one), both directions: a record's story. */
  entriesOfRecord(record: { module: string; recordId: string; instanceId?: string }): Promise<ReportEntry[]>;
  /** How many records are not in step, per instance, module, direction and outcome (the metrics' gauge). */
  countNotInStep(): Promise<
    Array<Pick<ReportEntry, 'instanceId' | 'module' | 'direction' | 'outcome'> & Counted>
  >;
  /**
   * Writes the activity chart's counts of the outcomes filed so far: they are kept in memory and written once a
   * second (`bufferActivity`); the chart's reader and a stopping process call this.
   */
  flushActivity(): Promise<void>;
  /** The same repository over another handle of the database: a transaction a job's bookkeeping commits in. */
  over(db: Kysely<Database>): ReportRepository;
}

/** How a record in step leaves the report: its row removed, its row removed unless a warning, or left as it is. */
export type InStepClear = 'clear' | 'clear-keeping-warning' | 'keep';

interface Counted {
  count: number;
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
  // The counts are written on the repository's own handle, never in the transaction of the job that counted them.
  const activity = bufferActivity(createActivityRepository(db, { before: '' }));
  return reportRepositoryOver(db, options, activity);
}

function reportRepositoryOver(
  db: Kysely<Database>,
  options: ReportRepositoryOptions,
  activity: ActivityBuffer,
): ReportRepository {
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const runs = createRunLog(db, options);

  return {
    async recordOutcome(instanceId, module, recordId, direction, outcome, recordOptions = {}) {
      directionSchema.parse(direction);
      const counted = activityCountOf(outcome.outcome);
      if (counted !== undefined) activity.count(instanceId, counted);
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

    countInStep(instanceId, outcome, recordOptions = {}) {
      const effect = describeOutcome(outcome, recordOptions.differences);
      if (effect.kind === 'not-in-step') return undefined;
      const counted = activityCountOf(outcome.outcome);
      if (counted !== undefined) activity.count(instanceId, counted);
      if (effect.kind === 'unchanged') return 'keep';
      return effect.keepsWarning ? 'clear-keeping-warning' : 'clear';
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

    async entriesOfRecord(record) {
      let query = db
        .selectFrom('sync_report')
        .selectAll()
        .where('module', '=', record.module)
        .where('record_id', '=', record.recordId);
      if (record.instanceId !== undefined) query = query.where('instance_id', '=', record.instanceId);
      return (await query.execute()).map(toEntry);
    },

    async countNotInStep() {
      const rows = await db
        .selectFrom('sync_report')
        .select(['instance_id', 'module', 'direction', 'outcome', (eb) => eb.fn.countAll().as('count')])
        .groupBy(['instance_id', 'module', 'direction', 'outcome'])
        .execute();
      return rows.map((row) => ({
        instanceId: row.instance_id,
        module: row.module,
        direction: row.direction,
        outcome: row.outcome,
        count: Number(row.count),
      }));
    },

    // The run log is src/runs/'s: the report answers for it so that its callers keep one repository.
    startRun: (run) => runs.startRun(run),
    finishRun: (id, result) => runs.finishRun(id, result),
    getRun: (id) => runs.getRun(id),
    listRuns: (filter) => runs.listRuns(filter),

    flushActivity: () => activity.flush(),
    over: (other) => reportRepositoryOver(other, options, activity),
  };
}

/** The activity chart counts a record written or linked as synced; unchanged and skipped ones did nothing. */
function activityCountOf(outcome: (PushOutcome | PullOutcome)['outcome']): keyof ActivityCounts | undefined {
  if (outcome === 'created' || outcome === 'updated' || outcome === 'linked') return 'synced';
  if (outcome === 'failed' || outcome === 'waiting') return outcome;
  return undefined;
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
