import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { withWebhookTables } from './webhook-tables.js';

/**
 * Switches a deactivated subscription back on (after its receiver is fixed). It resumes from its cursor, so the
 * change it was stuck on is delivered first and nothing in between is lost. False when there is no such id.
 */
export async function reactivateWebhookSubscription(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await withWebhookTables(db)
    .updateTable('webhook_subscriptions')
    .set({
      active: 1,
      deactivated_reason: null,
      failed_attempts: 0,
      next_attempt_at: null,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
