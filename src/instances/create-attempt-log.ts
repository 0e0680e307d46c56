import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CreateAttempts } from '../engine/index.js';

/** The creates whose outcome is not known yet, per instance (table `sync_create_attempts`). */
export function createAttemptLog(db: Kysely<Database>): CreateAttempts {
  return {
    async begin({ instanceId, module, recordId }) {
      // One statement: a note already there (nothing inserted) is a create whose outcome is unknown.
      const inserted = await db
        .insertInto('sync_create_attempts')
        .values({
          instance_id: instanceId,
          module,
          record_id: recordId,
          attempted_at: new Date().toISOString(),
        })
        .onConflict((conflict) => conflict.columns(['instance_id', 'module', 'record_id']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0;
    },
    async settle({ instanceId, module, recordId }) {
      await db
        .deleteFrom('sync_create_attempts')
        .where('instance_id', '=', instanceId)
        .where('module', '=', module)
        .where('record_id', '=', recordId)
        .execute();
    },
  };
}
