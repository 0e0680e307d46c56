import type { Kysely } from 'kysely';
import type { EntitySchema } from '../records/entity-schema.js';
import type { Database } from '../../db/schema.js';
import { ReferenceCycleError } from './errors.js';
import { valuesAtPath } from './record-paths.js';
import type { StoredRecord } from './record-rows.js';

/** Far more than any real hierarchy; a longer chain is not followed further (it cannot be this write's cycle). */
const maxChainLength = 10_000;

/**
 * The cycle a write of record `id` would close through one of its entity's acyclic references (an account's
 * parent, its parent, … back to the account), or undefined. A reference the write leaves as it was is not
 * followed: it closes nothing new, and a cycle that slipped in earlier must not block unrelated edits.
 * `pending` holds records the same transaction is about to write (a batch, a group of upserts), which win over
 * the database.
 */
export async function findReferenceCycle(
  trx: Kysely<Database>,
  schema: EntitySchema,
  id: string,
  data: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  pending: ReadonlyMap<string, StoredRecord> = new Map(),
): Promise<ReferenceCycleError | undefined> {
  for (const reference of schema.references) {
    if (reference.acyclic !== true) continue;
    const target = targetOf(data, reference.path);
    if (target === undefined || (previous !== undefined && targetOf(previous, reference.path) === target)) {
      continue;
    }
    const next = async (from: string): Promise<string | undefined> => {
      const planned = pending.get(from);
      if (planned !== undefined) return targetOf(planned.data, reference.path);
      const row = await trx
        .selectFrom('bss_record_keys')
        .select('value')
        .where('entity', '=', schema.name)
        .where('record_id', '=', from)
        .where('name', '=', reference.path)
        .executeTakeFirst();
      return row?.value;
    };
    const chain = [id];
    const seen = new Set<string>();
    for (let node: string | undefined = target; node !== undefined; node = await next(node)) {
      chain.push(node);
      if (node === id) return new ReferenceCycleError(schema.name, reference.path, chain);
      // A cycle further up that does not pass through this record is not this write's doing.
      if (seen.has(node) || chain.length > maxChainLength) break;
      seen.add(node);
    }
  }
  return undefined;
}

function targetOf(data: Record<string, unknown>, path: string): string | undefined {
  const value = valuesAtPath(data, path)[0]?.value;
  return typeof value === 'string' ? value : undefined;
}
