// A push in step ends on PostgreSQL in one statement (src/sync/settle-synced-push.ts): its report row removed, its
// own waits replaced by what it still awaits, and the records that wait for it read — the writes and reads its
// bookkeeping transaction made in five to seven round trips; the woken records' waits are removed in one more
// (`forgetWokenWaits`). PostgreSQL only: SQLite files the same in its one transaction with the job's end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import type { SyncReportTable } from '../../src/db/schema.js';
import { forgetWokenWaits, settleSyncedPush } from '../../src/sync/settle-synced-push.js';
import { createSyncState, type SyncState } from '../../src/sync/sync-state.js';
import { databaseTargets } from '../support/database.js';

const postgres = databaseTargets().find((target) => target.name === 'postgres');
const account = { module: 'accounts', recordId: 'A-1' };
const contact = { module: 'contacts', recordId: 'C-1' };
const primary = { module: 'contacts', recordId: 'C-9' };

describe.skipIf(postgres === undefined)('a push in step settled in one statement, PostgreSQL', () => {
  let database: DatabaseHandle;
  let state: SyncState;
  beforeEach(async () => {
    database = await postgres!.open();
    state = createSyncState(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function fileReport(
    record: { module: string; recordId: string },
    outcome: SyncReportTable['outcome'],
    direction: SyncReportTable['direction'] = 'push',
  ) {
    await database.db
      .insertInto('sync_report')
      .values({
        instance_id: 'tenant',
        module: record.module,
        record_id: record.recordId,
        direction,
        action: 'create',
        outcome,
        field: null,
        message: outcome,
        connectwise: null,
        candidates: null,
        attempts: 1,
        first_failed_at: '2026-12-07T00:00:00.000Z',
        last_failed_at: '2026-12-07T00:00:00.000Z',
      })
      .execute();
  }
  const reportRows = () =>
    database.db
      .selectFrom('sync_report')
      .select(['module', 'record_id', 'direction', 'outcome'])
      .orderBy('module')
      .orderBy('direction')
      .execute();
  const waits = () =>
    database.db
      .selectFrom('sync_waits')
      .select(['module', 'record_id', 'waits_for_module', 'waits_for_record'])
      .orderBy('module')
      .orderBy('record_id')
      .orderBy('waits_for_record')
      .execute();

  it("removes the record's push row and its own waits, and nothing of another record or direction", async () => {
    await fileReport(account, 'failed');
    await fileReport(account, 'conflict', 'pull');
    await fileReport(contact, 'waiting');
    await state.addWaits('tenant', 'push', account, [primary]);
    await state.addWaits('tenant', 'push', contact, [{ module: 'accounts', recordId: 'A-2' }]);

    const settled = await settleSyncedPush(database.db, 'tenant', 'accounts', 'A-1', 'clear');

    expect(settled).toEqual([]);
    expect(await reportRows()).toEqual([
      { module: 'accounts', record_id: 'A-1', direction: 'pull', outcome: 'conflict' },
      { module: 'contacts', record_id: 'C-1', direction: 'push', outcome: 'waiting' },
    ]);
    expect(await waits()).toEqual([
      { module: 'contacts', record_id: 'C-1', waits_for_module: 'accounts', waits_for_record: 'A-2' },
    ]);
  });

  it('keeps a warning when told to, and the whole row when the outcome leaves the report as it is', async () => {
    await fileReport(account, 'warning');
    await settleSyncedPush(database.db, 'tenant', 'accounts', 'A-1', 'clear-keeping-warning');
    expect(await reportRows()).toHaveLength(1);
    await database.db.deleteFrom('sync_report').execute();

    await fileReport(account, 'failed');
    await settleSyncedPush(database.db, 'tenant', 'accounts', 'A-1', 'clear-keeping-warning');
    expect(await reportRows()).toEqual([]);

    await fileReport(account, 'failed');
    await settleSyncedPush(database.db, 'tenant', 'accounts', 'A-1', 'keep');
    expect(await reportRows()).toHaveLength(1);
  });

  it('answers who waits for the record, and leaves waking them (and their waits) to the caller', async () => {
    await state.addWaits('tenant', 'push', contact, [account]);
    await state.addWaits('tenant', 'push', { ...primary, runId: 'run-1' }, [account]);
    await state.addWaits('tenant', 'push', account, [primary]);

    const settled = await settleSyncedPush(database.db, 'tenant', 'accounts', 'A-1', 'clear');

    expect(settled).toEqual([contact, { ...primary, runId: 'run-1' }]);
    expect(await waits()).toEqual([
      { module: 'contacts', record_id: 'C-1', waits_for_module: 'accounts', waits_for_record: 'A-1' },
      { module: 'contacts', record_id: 'C-9', waits_for_module: 'accounts', waits_for_record: 'A-1' },
    ]);
    // on another instance nobody waits for it
    expect(await settleSyncedPush(database.db, 'other', 'accounts', 'A-1', 'clear')).toEqual([]);
  });

  it('files what the record still awaits in the same statement, stamped anew, and drops what it no longer awaits', async () => {
    const other = { module: 'contacts', recordId: 'C-2' };
    await state.addWaits('tenant', 'push', { ...account, runId: 'run-1' }, [primary, other]);
    await database.db.updateTable('sync_waits').set({ created_at: '2026-12-01T00:00:00.000Z' }).execute();
    const now = () => new Date('2026-12-07T08:00:00.000Z');

    const settled = await settleSyncedPush(
      database.db,
      'tenant',
      'accounts',
      'A-1',
      'clear',
      [primary, contact, contact],
      now,
    );

    expect(settled).toEqual([]);
    expect(
      await database.db
        .selectFrom('sync_waits')
        .select(['module', 'record_id', 'waits_for_record', 'run_id', 'created_at'])
        .orderBy('waits_for_record')
        .execute(),
    ).toEqual([
      {
        module: 'accounts',
        record_id: 'A-1',
        waits_for_record: 'C-1',
        run_id: null,
        created_at: now().toISOString(),
      },
      {
        module: 'accounts',
        record_id: 'A-1',
        waits_for_record: 'C-9',
        run_id: null,
        created_at: now().toISOString(),
      },
    ]);
  });

  it('removes only the woken waits, each of its own run or of none', async () => {
    const other = { module: 'contacts', recordId: 'C-2' };
    await state.addWaits('tenant', 'push', contact, [account]);
    await state.addWaits('tenant', 'push', { ...primary, runId: 'run-1' }, [account]);
    await state.addWaits('tenant', 'push', other, [account]);
    await state.addWaits('tenant', 'push', contact, [{ module: 'accounts', recordId: 'A-2' }]);

    // C-9's wait is of run-1, not of the run-2 that was woken (a later run filed it meanwhile): it stays
    await forgetWokenWaits(database.db, 'tenant', account, [contact, { ...primary, runId: 'run-2' }]);

    expect(await waits()).toEqual([
      { module: 'contacts', record_id: 'C-1', waits_for_module: 'accounts', waits_for_record: 'A-2' },
      { module: 'contacts', record_id: 'C-2', waits_for_module: 'accounts', waits_for_record: 'A-1' },
      { module: 'contacts', record_id: 'C-9', waits_for_module: 'accounts', waits_for_record: 'A-1' },
    ]);
    await forgetWokenWaits(database.db, 'tenant', account, [{ ...primary, runId: 'run-1' }]);
    expect(await waits()).toHaveLength(2);
  });
});
