import { sql, type Kysely } from 'kysely';
import { queryTemplate } from '../db/query-template.js';
import type { Database } from '../db/schema.js';

export const activityCountNames = ['synced', 'failed', 'waiting', 'calls', 'rateLimited'] as const;
export type ActivityCounts = Record<(typeof activityCountNames)[number], number>;

/** One minute of one instance's sync (or of every instance, summed). */
export interface ActivityMinute extends ActivityCounts {
  /** `YYYY-MM-DDTHH:MM`, UTC */
  minute: string;
}

export interface ActivityRepository {
  /** Adds to the counts of the minute `at` falls in (default now). */
  add(instanceId: string, counts: Partial<ActivityCounts>, at?: Date): Promise<void>;
  /** The last `minutes` minutes, oldest first, every minute present (zeros where nothing happened). */
  series(options: { instanceId?: string; minutes: number; now?: Date }): Promise<ActivityMinute[]>;
}

/** How long minutes are kept: the chart shows at most this. */
export const activityRetentionMinutes = 24 * 60;

const columns = {
  synced: 'synced',
  failed: 'failed',
  waiting: 'waiting',
  calls: 'calls',
  rateLimited: 'rate_limited',
} as const;

export const minuteOf = (at: Date): string => at.toISOString().slice(0, 16);

/** Adds to one minute's counts: a statement per job pushed, so compiled once. */
const addToMinute = queryTemplate<unknown, [string, string, number, number, number, number, number]>(
  7,
  (db, instanceId, minute, synced, failed, waiting, calls, rateLimited) =>
    db
      .insertInto('sync_activity')
      .values({
        instance_id: instanceId!,
        minute: minute!,
        synced: synced as unknown as number,
        failed: failed as unknown as number,
        waiting: waiting as unknown as number,
        calls: calls as unknown as number,
        rate_limited: rateLimited as unknown as number,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['instance_id', 'minute'])
          .doUpdateSet(
            Object.fromEntries(
              Object.values(columns).map((column) => [
                column,
                sql<number>`${sql.ref(`sync_activity.${column}`)} + ${sql.ref(`excluded.${column}`)}`,
              ]),
            ),
          ),
      ),
);

/** The minute before which a process has pruned: shared by the repositories over one database's handles. */
export interface ActivityPruneMark {
  before: string;
}

export function createActivityRepository(
  db: Kysely<Database>,
  pruned: ActivityPruneMark = { before: '' },
): ActivityRepository {
  return {
    async add(instanceId, counts, at = new Date()) {
      const minute = minuteOf(at);
      const values = Object.fromEntries(
        activityCountNames.map((name) => [columns[name], counts[name] ?? 0]),
      ) as Record<(typeof columns)[keyof typeof columns], number>;
      if (Object.values(values).every((value) => value === 0)) return;
      await addToMinute(
        db,
        instanceId,
        minute,
        values.synced,
        values.failed,
        values.waiting,
        values.calls,
        values.rate_limited,
      );
      // once per new minute and process: what is older than a day goes
      const cutoff = minuteOf(new Date(at.getTime() - activityRetentionMinutes * 60_000));
      if (cutoff > pruned.before) {
        pruned.before = cutoff;
        await db.deleteFrom('sync_activity').where('minute', '<', cutoff).execute();
      }
    },

    async series({ instanceId, minutes, now = new Date() }) {
      const first = minuteOf(new Date(now.getTime() - (minutes - 1) * 60_000));
      let query = db
        .selectFrom('sync_activity')
        .select((select) => [
          'minute',
          select.fn.sum<number>('synced').as('synced'),
          select.fn.sum<number>('failed').as('failed'),
          select.fn.sum<number>('waiting').as('waiting'),
          select.fn.sum<number>('calls').as('calls'),
          select.fn.sum<number>('rate_limited').as('rateLimited'),
        ])
        .where('minute', '>=', first)
        .groupBy('minute');
      if (instanceId !== undefined) query = query.where('instance_id', '=', instanceId);
      const rows = new Map((await query.execute()).map((row) => [row.minute, row]));
      const series: ActivityMinute[] = [];
      for (let index = minutes - 1; index >= 0; index -= 1) {
        const minute = minuteOf(new Date(now.getTime() - index * 60_000));
        const row = rows.get(minute);
        series.push({
          minute,
          synced: Number(row?.synced ?? 0),
          failed: Number(row?.failed ?? 0),
          waiting: Number(row?.waiting ?? 0),
          calls: Number(row?.calls ?? 0),
          rateLimited: Number(row?.rateLimited ?? 0),
        });
      }
      return series;
    },
  };
}
