import { sql, type Kysely } from 'kysely';
import type { EntityName } from '../records/entity-names.js';
import type { Database } from '../../db/schema.js';

export interface RecordLink {
  instanceId: string;
  entity: EntityName;
  recordId: string;
  integrationId: string;
}

/**
 * Links a BSS record to its ConnectWise id for one connector instance (its IntegrationId). Linking is not a
 * change of the record: it makes no new version and no change row, so it never triggers a push.
 */
export async function linkRecord(db: Kysely<Database>, link: RecordLink): Promise<void> {
  await db
    .insertInto('record_links')
    .values({
      instance_id: link.instanceId,
      entity: link.entity,
      record_id: link.recordId,
      integration_id: link.integrationId,
      linked_at: new Date().toISOString(),
    })
    .onConflict((conflict) =>
      conflict.columns(['instance_id', 'entity', 'record_id']).doUpdateSet((update) => {
        // Linked to another ConnectWise record: what the engine remembered of the old one no longer holds.
        const keptIfSameRecord = (column: 'pushed_body' | 'bss_values' | 'connectwise_last_updated') =>
          sql<
            string | null
          >`case when ${sql.ref(`record_links.integration_id`)} = ${update.ref('excluded.integration_id')} then ${sql.ref(`record_links.${column}`)} else null end`;
        return {
          integration_id: update.ref('excluded.integration_id'),
          linked_at: update.ref('excluded.linked_at'),
          pushed_body: keptIfSameRecord('pushed_body'),
          bss_values: keptIfSameRecord('bss_values'),
          connectwise_last_updated: keptIfSameRecord('connectwise_last_updated'),
        };
      }),
    )
    .execute();
}

export async function unlinkRecord(
  db: Kysely<Database>,
  link: Omit<RecordLink, 'integrationId'>,
): Promise<void> {
  await db
    .deleteFrom('record_links')
    .where('instance_id', '=', link.instanceId)
    .where('entity', '=', link.entity)
    .where('record_id', '=', link.recordId)
    .execute();
}

export async function findLinkedRecordId(
  db: Kysely<Database>,
  link: Omit<RecordLink, 'recordId'>,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('record_links')
    .select('record_id')
    .where('instance_id', '=', link.instanceId)
    .where('entity', '=', link.entity)
    .where('integration_id', '=', link.integrationId)
    .executeTakeFirst();
  return row?.record_id;
}
