import { Migrator, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../../db/index.js';

/**
 * The webhook tables have their own migration list (and bookkeeping table), so the outbound-webhook feature
 * can evolve without touching the store's migrations. Same rules: both dialects, add new ones at the end.
 */
export const webhookMigrations: Record<string, Migration> = {
  '0001-webhook-subscriptions': {
    async up(db: Kysely<unknown>) {
      const postgres = dialectOf(db) === 'postgres';
      await db.schema
        .createTable('webhook_subscriptions')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('url', 'text', (column) => column.notNull())
        .addColumn('secret', 'text', (column) => column.notNull())
        .addColumn('entities', 'text')
        .addColumn('origins', 'text', (column) => column.notNull())
        .addColumn('active', 'integer', (column) => column.notNull().defaultTo(1))
        .addColumn('deactivated_reason', 'text')
        .addColumn('cursor', 'text')
        .addColumn('failed_attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('webhook_deliveries')
        .ifNotExists()
        .addColumn('id', postgres ? 'bigserial' : 'integer', (column) =>
          postgres ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('subscription_id', 'text', (column) => column.notNull())
        .addColumn('change_cursor', 'text', (column) => column.notNull())
        .addColumn('event_id', 'text', (column) => column.notNull())
        .addColumn('delivery_id', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (column) => column.notNull())
        .addColumn('at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_by_subscription')
        .ifNotExists()
        .on('webhook_deliveries')
        .columns(['subscription_id', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('webhook_deliveries').ifExists().execute();
      await db.schema.dropTable('webhook_subscriptions').ifExists().execute();
    },
  },
};

export async function migrateWebhookTables<DB>(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => webhookMigrations },
    migrationTableName: 'webhook_migrations',
    migrationLockTableName: 'webhook_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`webhook migration ${failed?.migrationName ?? '(setup)'} failed: ${cause}`, {
      cause: error,
    });
  }
}
