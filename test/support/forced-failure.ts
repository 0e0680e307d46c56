import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/index.js';

/**
 * Makes every insert of a change row for `recordId` fail inside the database, i.e. after the record row of
 * the same transaction was written: the way to prove the two commit together or not at all.
 */
export async function failChangeRowsFor(database: DatabaseHandle, recordId: string): Promise<void> {
  const literal = `'${recordId.replace(/'/g, "''")}'`;
  const trigger = `cwsync_test_fail_${recordId.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (database.dialect === 'postgres') {
    await sql
      .raw(
        `create or replace function cwsync_test_fail_change() returns trigger language plpgsql as $$
         begin raise exception 'forced failure after the record write'; end $$`,
      )
      .execute(database.db);
    await sql
      .raw(
        `create trigger ${trigger} before insert on bss_record_changes for each row
         when (new.record_id = ${literal}) execute function cwsync_test_fail_change()`,
      )
      .execute(database.db);
  } else {
    await sql
      .raw(
        `create trigger ${trigger} before insert on bss_record_changes
         when new.record_id = ${literal}
         begin select raise(abort, 'forced failure after the record write'); end`,
      )
      .execute(database.db);
  }
}
