import { entitySchemas, type EntityName } from '../records/index.js';
import type { RecordStore } from '../store/types.js';
import { describeRowFailure } from './describe-row-failure.js';
import type { ImportRow, ImportRowError } from './import-row.js';
import { createDryRunValidator, type RowOutcome } from './validate-import-rows.js';

export interface ImportProgress {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ImportSummary extends ImportProgress {
  entity: EntityName;
  dryRun: boolean;
  durationMs: number;
  rowsPerSecond: number;
  /** One line per problem (a row with three bad fields has three), in file order. */
  errors: ImportRowError[];
}

export interface ImportRecordsOptions {
  store: Pick<RecordStore, 'writeBatch' | 'get'>;
  entity: EntityName;
  rows: AsyncIterable<ImportRow>;
  /** Rows per store transaction. */
  batchSize?: number;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  /** For the audit trail of every change row, e.g. `import:accounts.csv`. */
  actor?: string;
  onProgress?: (progress: ImportProgress) => void;
}

interface PendingRow {
  row: number;
  id?: string;
  input: Record<string, unknown>;
}

/**
 * Writes rows through the store in batches with origin 'import'. A bad row never stops the import: it is
 * reported with its line number, field and rule, and the rows around it are committed. A row with an id upserts
 * that record; a row that would not change its record is not written at all.
 */
export async function importRecords(options: ImportRecordsOptions): Promise<ImportSummary> {
  const { store, entity } = options;
  const schema = entitySchemas[entity];
  const batchSize = options.batchSize ?? 500;
  const started = performance.now();
  const progress: ImportProgress = { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  const errors: ImportRowError[] = [];
  const dryRun = options.dryRun ? createDryRunValidator(store, schema) : undefined;
  let batch: PendingRow[] = [];
  let batchIds = new Set<string>();

  const fail = (rowErrors: ImportRowError[]) => {
    progress.failed += 1;
    errors.push(...rowErrors);
  };

  const count = (row: PendingRow, outcome: RowOutcome) => {
    if (outcome.ok) progress[outcome.action] += 1;
    else fail(describeRowFailure(row.row, row.id, outcome.error));
  };

  async function flush(): Promise<void> {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    batchIds = new Set();
    const outcomes = dryRun
      ? await dryRun.validate(rows)
      : await writeRows(store, entity, rows, options.actor);
    outcomes.forEach((outcome, index) => count(rows[index] as PendingRow, outcome));
    options.onProgress?.({ ...progress });
  }

  for await (const row of options.rows) {
    progress.rows += 1;
    if ('problems' in row) {
      fail(row.problems.map((problem) => ({ row: row.row, ...problem })));
      continue;
    }
    const id = typeof row.input.id === 'string' ? row.input.id : undefined;
    // A second row for the same id starts a new batch, so it is counted against what the first one wrote.
    if (id !== undefined && batchIds.has(id)) await flush();
    if (id !== undefined) batchIds.add(id);
    batch.push({ row: row.row, input: row.input, ...(id === undefined ? {} : { id }) });
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  const durationMs = performance.now() - started;
  return {
    entity,
    dryRun: options.dryRun ?? false,
    ...progress,
    durationMs: Math.round(durationMs),
    rowsPerSecond: durationMs > 0 ? Math.round((progress.rows / durationMs) * 1000) : progress.rows,
    errors: errors.sort((a, b) => a.row - b.row),
  };
}

async function writeRows(
  store: Pick<RecordStore, 'writeBatch'>,
  entity: EntityName,
  rows: PendingRow[],
  actor: string | undefined,
): Promise<RowOutcome[]> {
  const writeStarted = new Date().toISOString();
  const results = await store.writeBatch(
    entity,
    rows.map((row) => (row.id === undefined ? { input: row.input } : { id: row.id, input: row.input })),
    { origin: 'import', ...(actor === undefined ? {} : { actor }) },
  );
  return results.map((result): RowOutcome => {
    if (!result.ok) return result;
    if (result.created) return { ok: true, action: 'created' };
    // The store leaves a row that changes nothing unwritten and hands back the record as it was, so its
    // updatedAt predates this batch. (A per-row "unchanged" flag from writeBatch would say it outright.)
    return { ok: true, action: result.record.updatedAt < writeStarted ? 'unchanged' : 'updated' };
  });
}
