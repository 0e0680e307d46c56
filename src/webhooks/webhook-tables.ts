import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  /** The signing secret, sealed (see seal-webhook-secret.ts); shown to the operator once, at creation. */
  secret: string;
  /** JSON array of entity names, or null for every entity. */
  entities: string | null;
  /** JSON array of origins; `["pull"]` unless told: what cwsync brought back from ConnectWise. */
  origins: string;
  /** 1 active, 0 deactivated (by an operator, by a 410 Gone, or after too many failed attempts). */
  active: number;
  deactivated_reason: string | null;
  /** The change-feed cursor of the last change this subscription is done with (delivered or filtered out). */
  cursor: string | null;
  /** Failed attempts at the change after `cursor`; 0 when the last delivery went through. */
  failed_attempts: number;
  next_attempt_at: string | null;
  /** Which dispatcher works on the subscription until when, so two `serve` processes never deliver twice. */
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<ColumnType<number, never, never>>;
  subscription_id: string;
  change_cursor: string;
  event_id: string;
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  at: string;
}

export type WebhookTables = {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
};

export type WebhookDatabase = Database & WebhookTables;

/** The webhook tables live beside the store's; this gives the caller's Kysely their types. */
export function withWebhookTables(db: Kysely<Database>): Kysely<WebhookDatabase> {
  return db.withTables<WebhookTables>();
}
