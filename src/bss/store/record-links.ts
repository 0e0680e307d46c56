import { sql, type Kysely, type Selectable } from 'kysely';
import type { EntityName } from '../records/entity-names.js';
import type { Database, RecordLinksTable } from '../../db/schema.js';

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

/** The ConnectWise id (IntegrationId) a BSS record is linked to on one instance, if it is linked. */
export async function findIntegrationId(
  db: Kysely<Database>,
  link: Omit<RecordLink, 'integrationId'>,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('record_links')
    .select('integration_id')
    .where('instance_id', '=', link.instanceId)
    .where('entity', '=', link.entity)
    .where('record_id', '=', link.recordId)
    .executeTakeFirst();
  return row?.integration_id;
}

/** A BSS record's links, on one instance or on every one (a record's story). */
export async function linksOfRecord(
  db: Kysely<Database>,
  record: { entity: string; recordId: string; instanceId?: string },
): Promise<Array<Selectable<RecordLinksTable>>> {
  let links = db
    .selectFrom('record_links')
    .selectAll()
    .where('entity', '=', record.entity)
    .where('record_id', '=', record.recordId);
  if (record.instanceId !== undefined) links = links.where('instance_id', '=', record.instanceId);
  return links.execute();
}

/** Forgets every link of an instance (the instance is being removed; pass its transaction). */
export async function unlinkInstance(db: Kysely<Database>, instanceId: string): Promise<void> {
  await db.deleteFrom('record_links').where('instance_id', '=', instanceId).execute();
}
