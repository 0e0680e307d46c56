import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type ConnectorDefinition, type LookupTable } from '../engine/index.js';
import { zodProblems } from '../errors/index.js';
import { InstanceNotFoundError, InstanceValidationError } from './instance-errors.js';
import { lookupRowSchema, type LookupRow } from './instance-settings.js';
import { lookupDefinitionOf, lookupValueProblem } from './list-lookup-options.js';

export interface LookupRepository {
  /** creates or replaces the row of (instance, lookup, internalId) */
  set(instanceId: string, row: LookupRow): Promise<void>;
  list(instanceId: string, lookup?: string): Promise<LookupRow[]>;
  /** false when there was no such row */
  remove(instanceId: string, lookup: string, internalId: string): Promise<boolean>;
  /** every row of the instance, read once, as the engine's in-memory table for one run */
  load(instanceId: string): Promise<LookupTable>;
}

/**
 * The synchronization lookups of each instance (BSS internal id → ConnectWise integration id). With the
 * definition, `set` refuses a lookup the connector does not declare.
 */
export function createLookupRepository(
  db: Kysely<Database>,
  definition?: ConnectorDefinition,
): LookupRepository {
  return {
    async set(instanceId, input) {
      const parsed = lookupRowSchema.safeParse(input);
      if (!parsed.success) {
        throw new InstanceValidationError(zodProblems(parsed.error, 'lookup', input));
      }
      const row = parsed.data;
      if (definition) {
        const problem = lookupValueProblem(lookupDefinitionOf(definition, row.lookup), row.integrationId);
        if (problem !== undefined) {
          throw InstanceValidationError.at('integrationId', problem.rule, problem.message);
        }
      }
      const instance = await db
        .selectFrom('connector_instances')
        .select('id')
        .where('id', '=', instanceId)
        .executeTakeFirst();
      if (!instance) throw new InstanceNotFoundError(instanceId);
      await db
        .insertInto('sync_lookups')
        .values({
          instance_id: instanceId,
          lookup: row.lookup,
          internal_id: row.internalId,
          internal_name: row.internalName ?? null,
          integration_id: row.integrationId,
        })
        .onConflict((conflict) =>
          conflict.columns(['instance_id', 'lookup', 'internal_id']).doUpdateSet((update) => ({
            internal_name: update.ref('excluded.internal_name'),
            integration_id: update.ref('excluded.integration_id'),
          })),
        )
        .execute();
      await touchInstance(db, instanceId);
    },

    async list(instanceId, lookup) {
      let query = db
        .selectFrom('sync_lookups')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .orderBy('lookup')
        .orderBy('internal_id');
      if (lookup !== undefined) query = query.where('lookup', '=', lookup);
      const rows = await query.execute();
      return rows.map((row) => ({
        lookup: row.lookup,
        internalId: row.internal_id,
        ...(row.internal_name === null ? {} : { internalName: row.internal_name }),
        integrationId: row.integration_id,
      }));
    },

    async remove(instanceId, lookup, internalId) {
      const result = await db
        .deleteFrom('sync_lookups')
        .where('instance_id', '=', instanceId)
        .where('lookup', '=', lookup)
        .where('internal_id', '=', internalId)
        .executeTakeFirst();
      const removed = Number(result.numDeletedRows) > 0;
      if (removed) await touchInstance(db, instanceId);
      return removed;
    },

    async load(instanceId) {
      return createLookupTable(await this.list(instanceId));
    },
  };
}

/** A lookup change is a change of the instance's settings: running engines reload them. */
async function touchInstance(db: Kysely<Database>, instanceId: string): Promise<void> {
  await db
    .updateTable('connector_instances')
    .set({ updated_at: new Date().toISOString() })
    .where('id', '=', instanceId)
    .execute();
}

/**
 * An in-memory LookupTable over rows. Several BSS values may map to one ConnectWise value; going back, the
 * first of them by internal id wins, so a pull always picks the same one.
 */
export function createLookupTable(rows: readonly LookupRow[]): LookupTable {
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  const sorted = [...rows].sort((a, b) =>
    a.internalId < b.internalId ? -1 : a.internalId > b.internalId ? 1 : 0,
  );
  for (const row of sorted) {
    forward.set(keyOf(row.lookup, row.internalId), row.integrationId);
    const back = keyOf(row.lookup, row.integrationId);
    if (!backward.has(back)) backward.set(back, row.internalId);
  }
  return {
    integrationId: (lookup, internalId) => forward.get(keyOf(lookup, internalId)),
    internalId: (lookup, integrationId) => backward.get(keyOf(lookup, integrationId)),
  };
}

function keyOf(lookup: string, id: string): string {
  return `${lookup}\u0000${id}`;
}
