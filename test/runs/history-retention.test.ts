// The run log (a row per record per run) and the webhook delivery log would only grow: finished runs and delivery
// attempts past the retention are pruned in the background, in batches; recent ones stay, and a run still running
// is never pruned, however old.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import type { Database } from '../../src/db/schema.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { createInstanceRepository, SecretBox } from '../../src/instances/index.js';
import type { JobQueue, ScheduleHandler } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { createReportRepository } from '../../src/report/index.js';
import {
  listWebhookDeliveries,
  pruneWebhookDeliveries,
  startWebhookDispatcher,
} from '../../src/webhooks/index.js';
import { withWebhookTables } from '../../src/webhooks/webhook-tables.js';
import { createSyncService, pruneSyncRuns } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import type { Kysely } from 'kysely';

const day = 86_400_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * day);

describe.each(databaseTargets())('history retention on $name', (target) => {
  let database: DatabaseHandle;
  let db: Kysely<Database>;

  /** A run started and (unless `running`) finished `age` days ago, with `records` per-record outcomes. */
  const run = async (age: number, records: number, options: { running?: boolean } = {}) => {
    const reports = createReportRepository(db, { now: () => daysAgo(age) });
    const id = await reports.startRun({
      instanceId: 'retention',
      module: 'accounts',
      direction: 'push',
      trigger: 'manual',
    });
    for (let offset = 0; offset < records; offset += 500) {
      const rows = Array.from({ length: Math.min(500, records - offset) }, (_, index) => ({
        run_id: id,
        module: 'accounts',
        record_id: `A-${offset + index}`,
        outcome: 'unchanged',
        at: daysAgo(age).toISOString(),
      }));
      await db.insertInto('sync_run_records').values(rows).execute();
    }
    if (!options.running)
      await reports.finishRun(id, { status: 'succeeded', counts: { unchanged: records } });
    return id;
  };
  const runIds = async () =>
    (await db.selectFrom('sync_runs').select('id').orderBy('id').execute()).map((row) => String(row.id));
  const recordsOf = async (runId: string) =>
    Number(
      (
        await db
          .selectFrom('sync_run_records')
          .select((eb) => eb.fn.countAll<string | number>().as('count'))
          .where('run_id', '=', runId)
          .executeTakeFirstOrThrow()
      ).count,
    );

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await db.deleteFrom('sync_run_records').execute();
    await db.deleteFrom('sync_runs').execute();
    await withWebhookTables(db).deleteFrom('webhook_deliveries').execute();
  });

  it('deletes finished runs older than the retention with all their records, in batches; keeps recent ones', async () => {
    const old = await run(45, 2_345);
    const recent = await run(3, 20);
    const pruned = await pruneSyncRuns(db, { days: 30, runs: 1_000 }, { now, batchSize: 1_000 });
    expect(pruned).toEqual({ runs: 1, records: 2_345 });
    expect(await runIds()).toEqual([recent]);
    expect(await recordsOf(old)).toBe(0);
    expect(await recordsOf(recent)).toBe(20);
  });

  it('never prunes a run that is still running, however old', async () => {
    const stuck = await run(90, 7, { running: true });
    const old = await run(60, 3);
    expect(await pruneSyncRuns(db, { days: 30, runs: 1 }, { now })).toEqual({ runs: 1, records: 3 });
    expect(await runIds()).toEqual([stuck]);
    expect(await recordsOf(stuck)).toBe(7);
    expect(await recordsOf(old)).toBe(0);
  });

  it('keeps at most the newest N finished runs, whatever their age', async () => {
    const ids = [await run(5, 2), await run(4, 2), await run(3, 2), await run(2, 2)];
    const running = await run(1, 2, { running: true });
    expect(await pruneSyncRuns(db, { days: 30, runs: 2 }, { now })).toEqual({ runs: 2, records: 4 });
    expect(await runIds()).toEqual([ids[2], ids[3], running]);
    expect(await pruneSyncRuns(db, { days: 30, runs: 2 }, { now })).toEqual({ runs: 0, records: 0 });
  });

  it('runs every hour on the queue, with the retention the service was given', async () => {
    const schedules = new Map<string, { every: number | string; handler: ScheduleHandler }>();
    const queue = {
      schedule: (name: string, every: number | string, handler: ScheduleHandler) =>
        void schedules.set(name, { every, handler }),
    } as unknown as JobQueue;
    const connector = await loadConnectWiseDefinition();
    const service = createSyncService({
      db,
      store: createRecordStore(db),
      instances: createInstanceRepository(db, SecretBox.fromKey(randomBytes(32)), connector.definition),
      connector,
      queue,
      retention: { days: 30, runs: 1 },
    });
    service.registerSchedules();
    const prune = schedules.get('cwsync.prune-runs');
    expect(prune?.every).toBe(3_600_000);
    const [older, newer] = [await run(2, 1), await run(1, 1)];
    await prune!.handler(new Date(), {} as never);
    expect(await runIds()).toEqual([newer]);
    expect(await recordsOf(older)).toBe(0);
    await service.close();
  });

  it('deletes webhook delivery attempts older than the retention, in batches, and the dispatcher does so itself', async () => {
    const webhooks = withWebhookTables(db);
    const attempt = (id: number, at: Date) => ({
      subscription_id: 'wh_retention',
      change_cursor: String(id),
      event_id: `chg_${id}`,
      delivery_id: `d-${id}`,
      attempt: 1,
      status_code: 500,
      error: 'HTTP 500',
      duration_ms: 3,
      at: at.toISOString(),
    });
    const rows = [
      ...Array.from({ length: 25 }, (_, index) => attempt(index, daysAgo(40))),
      ...Array.from({ length: 5 }, (_, index) => attempt(100 + index, daysAgo(1))),
    ];
    await webhooks.insertInto('webhook_deliveries').values(rows).execute();
    expect(await pruneWebhookDeliveries(db, daysAgo(30), 10)).toBe(25);
    expect(await listWebhookDeliveries(db, 'wh_retention')).toHaveLength(5);

    // the dispatcher prunes on its own first pass (then hourly), with the retention it was given
    await webhooks
      .insertInto('webhook_deliveries')
      .values(attempt(200, new Date(Date.now() - 3 * day)))
      .execute();
    const dispatcher = startWebhookDispatcher({
      db,
      store: createRecordStore(db),
      secrets: SecretBox.fromKey(randomBytes(32)),
      logger: createLogger({ level: 'silent' }),
      pollIntervalMs: 10,
      retainDays: 2,
    });
    try {
      await vi.waitFor(async () => expect(await listWebhookDeliveries(db, 'wh_retention')).toHaveLength(5), {
        timeout: 5_000,
      });
    } finally {
      await dispatcher.stop();
    }
  });
});
