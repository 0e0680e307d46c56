import type { Transaction } from 'kysely';
import type { BssRecord } from '../records/index.js';
import type { EntitySchema } from '../records/entity-schema.js';
import type { Database } from '../../db/schema.js';
import { applyWrites, type PlannedWrite } from './apply-writes.js';
import { findReferenceCycle } from './check-reference-cycles.js';
import { findHoldingReferences, referenceKey, referencesOf } from './check-references.js';
import { StoreError, VersionConflictError } from './errors.js';
import { planSave } from './plan-write.js';
import { loadIntegrationIds, loadStoredRecords, toBssRecord, type StoredRecord } from './record-rows.js';
import type { WriteContext } from './types.js';

/** One validated `upsert` waiting for the write lock. */
export interface PendingUpsert {
  schema: EntitySchema;
  id: string;
  data: Record<string, unknown>;
  ctx: WriteContext;
}

export type UpsertOutcome = { ok: true; record: BssRecord; created: boolean } | { ok: false; error: unknown };

/** Saves one upsert alone in the caller's transaction, exactly as an upsert of its own would. */
export type SaveAlone = (
  trx: Transaction<Database>,
  upsert: PendingUpsert,
) => Promise<{ record: BssRecord; created: boolean }>;

/**
 * Writes upserts that queued up while the write lock was busy in the caller's (locked) transaction, with a few
 * queries per run of the same entity instead of a transaction and a dozen queries each. The result is what
 * running them one after another would give, in queue order: each is planned against the records as the ones
 * before it left them (versions, 409s, "unchanged"), and each write still gets its own change row, with its own
 * writer, in the same transaction as the record. An upsert whose references do not all hold in the bulk check
 * (it may refer back to a record a later upsert of the group writes) is saved alone after its run, so it is
 * refused only if a lone upsert in that place would be. A store error (409, 422) is that upsert's outcome;
 * anything else (a database error) throws, and the caller retries each upsert alone.
 */
export async function writeUpsertGroup(
  trx: Transaction<Database>,
  group: readonly PendingUpsert[],
  saveAlone: SaveAlone,
): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = [];
  for (let start = 0; start < group.length;) {
    let end = start + 1;
    while (end < group.length && group[end]!.schema === group[start]!.schema) end += 1;
    outcomes.push(...(await writeRun(trx, group.slice(start, end), saveAlone)));
    start = end;
  }
  return outcomes;
}

/** Upserts of one entity. */
async function writeRun(
  trx: Transaction<Database>,
  run: readonly PendingUpsert[],
  saveAlone: SaveAlone,
): Promise<UpsertOutcome[]> {
  const schema = run[0]!.schema;
  const entity = schema.name;
  const state = await loadStoredRecords(
    trx,
    entity,
    run.map((upsert) => upsert.id),
  );
  const holding = await findHoldingReferences(
    trx,
    run.flatMap((upsert) => referencesOf(schema, upsert.data, upsert.id)),
  );
  const now = new Date().toISOString();
  const writes: PlannedWrite[] = [];
  const planned: Array<
    | { kind: 'written'; write: PlannedWrite }
    | { kind: 'unchanged'; current: StoredRecord }
    | { kind: 'refused'; error: unknown }
    | { kind: 'alone' }
  > = [];
  for (const upsert of run) {
    const current = state.get(upsert.id);
    let write: PlannedWrite | null;
    try {
      write = planSave(entity, upsert.id, current, upsert.data, upsert.ctx.expectedVersion, now);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      planned.push({ kind: 'refused', error });
      continue;
    }
    if (write === null) {
      planned.push({ kind: 'unchanged', current: current! });
      continue;
    }
    const allHold = referencesOf(schema, upsert.data, upsert.id).every(
      (reference) =>
        holding.has(referenceKey(reference)) ||
        (reference.entity === entity && reference.backPath === undefined && state.has(reference.id)),
    );
    if (!allHold) {
      planned.push({ kind: 'alone' });
      continue;
    }
    const cycle = await findReferenceCycle(trx, schema, upsert.id, upsert.data, current?.data, state);
    if (cycle !== undefined) {
      planned.push({ kind: 'refused', error: cycle });
      continue;
    }
    const withWriter = { ...write, ctx: upsert.ctx };
    state.set(upsert.id, write.stored);
    writes.push(withWriter);
    planned.push({ kind: 'written', write: withWriter });
  }

  const records = new Map<PlannedWrite, BssRecord>();
  (await applyWrites(trx, schema, writes, run[0]!.ctx)).forEach((record, index) =>
    records.set(writes[index]!, record),
  );
  const unchangedIds = planned.flatMap((plan) => (plan.kind === 'unchanged' ? [plan.current.id] : []));
  const links = unchangedIds.length > 0 ? await loadIntegrationIds(trx, entity, unchangedIds) : new Map();

  const outcomes: UpsertOutcome[] = [];
  for (const [index, plan] of planned.entries()) {
    if (plan.kind === 'written') {
      outcomes.push({ ok: true, record: records.get(plan.write)!, created: plan.write.action === 'created' });
    } else if (plan.kind === 'unchanged') {
      const record = toBssRecord(plan.current, links.get(plan.current.id) ?? {});
      outcomes.push({ ok: true, record, created: false });
    } else if (plan.kind === 'refused') {
      outcomes.push({ ok: false, error: plan.error });
    } else {
      // Saved after the run's writes, as if it had queued after them.
      outcomes.push(await saveAloneCatchingStoreErrors(trx, run[index]!, saveAlone));
    }
  }
  return outcomes;
}

async function saveAloneCatchingStoreErrors(
  trx: Transaction<Database>,
  upsert: PendingUpsert,
  saveAlone: SaveAlone,
): Promise<UpsertOutcome> {
  try {
    return { ok: true, ...(await saveAlone(trx, upsert)) };
  } catch (error) {
    // A lone save throws its store errors (409, 422) before it writes anything, so nothing needs undoing.
    if (error instanceof StoreError) return { ok: false, error };
    throw error;
  }
}
