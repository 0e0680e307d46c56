import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CreateAttempts } from '../engine/ports.js';

/** The creates whose outcome is not known yet, per instance (table `sync_create_attempts`). */
export function createAttemptLog(db: Kysely<Database>): CreateAttempts {
  const row = (instanceId: string, module: string, recordId: string) =>
    db
      .selectFrom('sync_create_attempts')
      .select('attempted_at')
      .where('instance_id', '=', instanceId)
      .where('module', '=', module)
      .where('record_id', '=', recordId);
  return {
    async begin(instanceId, module, recordId) {
      const attemptedAt = new Date().toISOString();
      await db
        .insertInto('sync_create_attempts')
        .values({ instance_id: instanceId, module, record_id: recordId, attempted_at: attemptedAt })
        .onConflict((conflict) =>
          conflict.columns(['instance_id', 'module', 'record_id']).doUpdateSet({ attempted_at: attemptedAt }),
        )
        .execute();
    },
    async unsettled(instanceId, module, recordId) {
      return (await row(instanceId, module, recordId).executeTakeFirst()) !== undefined;
    },
    async settle(instanceId, module, recordId) {
      await db
        .deleteFrom('sync_create_attempts')
        .where('instance_id', '=', instanceId)
        .where('module', '=', module)
        .where('record_id', '=', recordId)
        .execute();
    },
  };
}
