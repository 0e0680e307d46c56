import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { withWebhookTables } from './webhook-tables.js';

/** One attempt at delivering one change to one subscription. */
export interface WebhookDelivery {
  id: number;
  subscriptionId: string;
  changeCursor: string;
  eventId: string;
  deliveryId: string;
  attempt: number;
  /** The receiver's HTTP status; null when no answer came (connection refused, timeout). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

export async function recordWebhookDelivery(
  db: Kysely<Database>,
  delivery: Omit<WebhookDelivery, 'id'>,
): Promise<void> {
  await withWebhookTables(db)
    .insertInto('webhook_deliveries')
    .values({
      subscription_id: delivery.subscriptionId,
      change_cursor: delivery.changeCursor,
      event_id: delivery.eventId,
      delivery_id: delivery.deliveryId,
      attempt: delivery.attempt,
      status_code: delivery.statusCode,
      error: delivery.error,
      duration_ms: delivery.durationMs,
      at: delivery.at,
    })
    .execute();
}

/** The newest attempts first. */
export async function listWebhookDeliveries(
  db: Kysely<Database>,
  subscriptionId: string,
  limit = 100,
): Promise<WebhookDelivery[]> {
  const rows = await withWebhookTables(db)
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    subscriptionId: row.subscription_id,
    changeCursor: row.change_cursor,
    eventId: row.event_id,
    deliveryId: row.delivery_id,
    attempt: Number(row.attempt),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: row.error,
    durationMs: Number(row.duration_ms),
    at: row.at,
  }));
}

/**
 * Deletes delivery attempts logged before `before`, `batchSize` rows per statement (a writer never waits long
 * behind it). The subscriptions' cursors are untouched: what was delivered stays delivered. Returns how many went.
 */
export async function pruneWebhookDeliveries(
  db: Kysely<Database>,
  before: Date,
  batchSize = 1_000,
): Promise<number> {
  const webhooks = withWebhookTables(db);
  let deleted = 0;
  for (;;) {
    const result = await webhooks
      .deleteFrom('webhook_deliveries')
      .where(
        'id',
        'in',
        webhooks
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('at', '<', before.toISOString())
          .orderBy('id')
          .limit(batchSize),
      )
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < batchSize) return deleted;
    await yieldToEventLoop();
  }
}
