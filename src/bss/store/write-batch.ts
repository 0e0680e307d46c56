import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { EntitySchema } from '../records/entity-schema.js';
import type { Database } from '../../db/schema.js';
import { applyWrites, type PlannedWrite } from './apply-writes.js';
import {
  findHoldingReferences,
  referenceKey,
  referencesOf,
  unknownReferenceError,
} from './check-references.js';
import { findReferenceCycle } from './check-reference-cycles.js';
import { StoreError } from './errors.js';
import { planSave } from './plan-write.js';
import { loadIntegrationIds, loadStoredRecords, toBssRecord } from './record-rows.js';
import type { BatchRowResult, WriteContext } from './types.js';
import { checkAddressedId, validateInput } from './validate-input.js';

export interface ValidRow {
  index: number;
  id: string;
  data: Record<string, unknown>;
}

/** Validates each row on its own: a bad row gets its error in `results`, the good ones go on. */
export function validateBatchRows(
  schema: EntitySchema,
  rows: ReadonlyArray<{ id?: string; input: unknown }>,
): { results: Array<BatchRowResult | undefined>; valid: ValidRow[] } {
  const results: Array<BatchRowResult | undefined> = rows.map(() => undefined);
  const valid: ValidRow[] = [];
  rows.forEach((row, index) => {
    try {
      const validated = validateInput(schema, row.input);
      if (row.id !== undefined) checkAddressedId(schema, row.id, validated.id);
      valid.push({ index, id: row.id ?? validated.id ?? randomUUID(), data: validated.data });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      results[index] = { ok: false, error };
    }
  });
  return { results, valid };
}

/**
 * Writes the valid rows in the caller's transaction with a handful of queries, whatever the batch size: current
 * records and referenced ids are read in bulk, each row is planned in order (a later row sees an earlier row of
 * the same id, and may refer to a record an earlier row created), then everything is written by `applyWrites`.
 */
export async function writeValidatedRows(
  trx: Transaction<Database>,
  schema: EntitySchema,
  valid: readonly ValidRow[],
  results: Array<BatchRowResult | undefined>,
  ctx: WriteContext,
): Promise<void> {
  const entity = schema.name;
  const state = await loadStoredRecords(
    trx,
    entity,
    valid.map((row) => row.id),
  );
  const holding = await findHoldingReferences(
    trx,
    valid.flatMap((row) => referencesOf(schema, row.data, row.id)),
  );
  const writes: PlannedWrite[] = [];
  const now = new Date().toISOString();
  for (const row of valid) {
    const missing = referencesOf(schema, row.data, row.id).filter(
      (reference) =>
        !holding.has(referenceKey(reference)) &&
        !(reference.entity === entity && reference.backPath === undefined && state.has(reference.id)),
    );
    if (missing.length > 0) {
      results[row.index] = { ok: false, error: unknownReferenceError(entity, missing) };
      continue;
    }
    const current = state.get(row.id);
    const cycle = await findReferenceCycle(trx, schema, row.id, row.data, current?.data, state);
    if (cycle !== undefined) {
      results[row.index] = { ok: false, error: cycle };
      continue;
    }
    const write = planSave(entity, row.id, current, row.data, undefined, now);
    if (write === null) {
      results[row.index] = { ok: true, record: toBssRecord(current!), created: false };
      continue;
    }
    state.set(row.id, write.stored);
    writes.push(write);
    results[row.index] = { ok: true, record: toBssRecord(write.stored), created: write.action === 'created' };
  }
  await applyWrites(trx, schema, writes, ctx);
  const written = results.flatMap((result) => (result?.ok === true ? [result.record] : []));
  const links = await loadIntegrationIds(
    trx,
    entity,
    written.map((record) => record.id),
  );
  for (const record of written) record.integrationIds = links.get(record.id) ?? {};
}
