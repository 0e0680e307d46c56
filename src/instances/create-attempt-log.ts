import type { Kysely } from 'kysely';
import { queryTemplate } from '../db/query-template.js';
import type { Database } from '../db/schema.js';
import { dialectOf } from '../db/dialect.js';
import type { CreateAttempts, LinkRepository, RecordKey } from '../engine/index.js';
import type { SettlingLinkRepository } from './create-link-repository.js';

type SettlingLinks = Pick<SettlingLinkRepository, 'saveSettlingCreate'>;

/** A create's note, compiled once (every create notes one before its POST); a note already there inserts nothing. */
const noteAttempt = queryTemplate<unknown, [string, string, string, string]>(
  4,
  (db, instanceId, module, recordId, attemptedAt) =>
    db
      .insertInto('sync_create_attempts')
      .values({
        instance_id: instanceId!,
        module: module!,
        record_id: recordId!,
        attempted_at: attemptedAt!,
      })
      .onConflict((conflict) => conflict.columns(['instance_id', 'module', 'record_id']).doNothing()),
);

/** A create's note removed, compiled once: with the create's link, or when ConnectWise refused the create. */
const forgetAttempt = queryTemplate<unknown, [string, string, string]>(
  3,
  (db, instanceId, module, recordId) =>
    db
      .deleteFrom('sync_create_attempts')
      .where('instance_id', '=', instanceId!)
      .where('module', '=', module!)
      .where('record_id', '=', recordId!),
);

/**
 * The creates whose outcome is not known yet, per instance (table `sync_create_attempts`). `linksOver` gives the
 * links over a transaction, so that a create's link and the removal of its note commit together; on PostgreSQL
 * the links' `saveSettlingCreate` writes both in one statement instead (one round trip, not four).
 */
export function createAttemptLog(
  db: Kysely<Database>,
  linksOver?: (db: Kysely<Database>) => Pick<LinkRepository, 'save'> & Partial<SettlingLinks>,
): CreateAttempts {
  const postgres = dialectOf(db as Kysely<unknown>) === 'postgres';
  const forget = (executor: Kysely<Database>, { instanceId, module, recordId }: RecordKey) =>
    forgetAttempt(executor, instanceId, module, recordId);
  return {
    async begin({ instanceId, module, recordId }) {
      // One statement: a note already there (nothing inserted) is a create whose outcome is unknown.
      const inserted = await noteAttempt(db, instanceId, module, recordId, new Date().toISOString());
      return Number(inserted.numAffectedRows ?? 0n) === 0;
    },
    async settle(key, link) {
      if (link === undefined) {
        await forget(db, key);
        return;
      }
      if (linksOver === undefined) throw new Error('createAttemptLog: settling with a link needs linksOver');
      const links = linksOver(db);
      if (postgres && links.saveSettlingCreate) {
        // One statement: both written or neither; a failure is the link's own (the holder of its id named).
        await links.saveSettlingCreate(link);
        return;
      }
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
