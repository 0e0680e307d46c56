import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CreateAttempts, LinkRepository, RecordKey } from '../engine/index.js';

/**
 * The creates whose outcome is not known yet, per instance (table `sync_create_attempts`). `linksOver` gives the
 * links over a transaction, so that a create's link and the removal of its note commit together.
 */
export function createAttemptLog(
  db: Kysely<Database>,
  linksOver?: (db: Kysely<Database>) => Pick<LinkRepository, 'save'>,
): CreateAttempts {
  const forget = (executor: Kysely<Database>, { instanceId, module, recordId }: RecordKey) =>
    executor
      .deleteFrom('sync_create_attempts')
      .where('instance_id', '=', instanceId)
      .where('module', '=', module)
      .where('record_id', '=', recordId)
      .execute();
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
    async settle(key, link) {
      if (link === undefined) {
        await forget(db, key);
        return;
      }
      if (linksOver === undefined) throw new Error('createAttemptLog: settling with a link needs linksOver');
      try {
        await db.transaction().execute(async (trx) => {
          await linksOver(trx).save(link);
          await forget(trx, key);
        });
      } catch {
        // Written again one after the other, so that the link's own error (a ConnectWise id another record
        // holds, named by the link repository outside the failed transaction) is the one thrown.
        await linksOver(db).save(link);
        await forget(db, key);
      }
    },
  };
}
