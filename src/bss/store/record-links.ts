import { sql, type Kysely, type QueryCreator, type Selectable } from 'kysely';
import type { EntityName } from '../records/entity-names.js';
import type { Database, RecordLinksTable } from '../../db/schema.js';
import { dialectOf } from '../../db/dialect.js';
import { queryTemplate } from '../../db/query-template.js';

export interface RecordLink {
  instanceId: string;
  entity: EntityName;
  recordId: string;
  integrationId: string;
}

/**
 * The owner of `record_links`: every read and write of the table is here. A link is a BSS record's IntegrationId
 * on one instance plus what the engine keeps beside it (the body it last wrote, the BSS values both sides agreed
 * on, ConnectWise's lastUpdated); the engine's link repository (src/instances/create-link-repository.ts) turns
 * these rows into its `SyncLink`s.
 */
export type LinkRow = Selectable<RecordLinksTable>;

/** A link with the engine's snapshot, as the engine saves it (JSON columns already written). */
export interface LinkSnapshotRow {
  instanceId: string;
  entity: string;
  recordId: string;
  integrationId: string;
  pushedBody: string;
  bssValues: string | null;
  connectwiseLastUpdated: string | null;
}

/** A link's key and ConnectWise id as columns, linked now. */
function linkColumns(link: { instanceId: string; entity: string; recordId: string; integrationId: string }) {
  return {
    instance_id: link.instanceId,
    entity: link.entity,
    record_id: link.recordId,
    integration_id: link.integrationId,
    linked_at: new Date().toISOString(),
  };
}

/**
 * Links a BSS record to its ConnectWise id for one connector instance (its IntegrationId). Linking is not a
 * change of the record: it makes no new version and no change row, so it never triggers a push.
 */
export async function linkRecord(db: Kysely<Database>, link: RecordLink): Promise<void> {
  await db
    .insertInto('record_links')
    .values(linkColumns(link))
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

/** The BSS record a ConnectWise id is linked to on one instance, if any. */
export async function findLinkedRecordId(
  db: Kysely<Database>,
  link: Omit<RecordLink, 'recordId'>,
): Promise<string | undefined> {
  return (await findLinkByIntegrationId(db, link))?.record_id;
}

/** The ConnectWise id (IntegrationId) a BSS record is linked to on one instance, if it is linked. */
export async function findIntegrationId(
  db: Kysely<Database>,
  link: Omit<RecordLink, 'integrationId'>,
): Promise<string | undefined> {
  return (await findLink(db, link))?.integration_id;
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

/** A link by its record, compiled once: the runner reads four or five per record pushed. */
const linkOfRecord = queryTemplate<LinkRow, [string, string, string]>(3, (db, instanceId, entity, recordId) =>
  db
    .selectFrom('record_links')
    .selectAll()
    .where('instance_id', '=', instanceId!)
    .where('entity', '=', entity!)
    .where('record_id', '=', recordId!),
);

/** One record's link on an instance, with the engine's snapshot. */
export async function findLink(
  db: Kysely<Database>,
  link: { instanceId: string; entity: string; recordId: string },
): Promise<LinkRow | undefined> {
  return (await linkOfRecord(db, link.instanceId, link.entity, link.recordId)).rows[0];
}

/** A link by its ConnectWise id, compiled once: a pull reads one or two per record (its own, its company's). */
const linkOfIntegrationId = queryTemplate<LinkRow, [string, string, string]>(
  3,
  (db, instanceId, entity, integrationId) =>
    db
      .selectFrom('record_links')
      .selectAll()
      .where('instance_id', '=', instanceId!)
      .where('entity', '=', entity!)
      .where('integration_id', '=', integrationId!),
);

/** The link that holds a ConnectWise id on an instance, with the engine's snapshot. */
export async function findLinkByIntegrationId(
  db: Kysely<Database>,
  link: { instanceId: string; entity: string; integrationId: string },
): Promise<LinkRow | undefined> {
  return (await linkOfIntegrationId(db, link.instanceId, link.entity, link.integrationId)).rows[0];
}

/** The snapshot's upsert, compiled once: a push saves a link once or twice per record created or changed. */
const upsertLinkSnapshot = queryTemplate<
  unknown,
  [string, string, string, string, string, string, string | null, string | null]
>(8, (db, ...placeholders) => upsertOf(db, placeholders));

/** The snapshot's upsert over `creator` (the database, or a `with` before it), its values the placeholders. */
function upsertOf(creator: QueryCreator<Database>, placeholders: string[]) {
  const [instanceId, entity, recordId, integrationId, linkedAt, pushedBody, bssValues, lastUpdated] =
    placeholders;
  return creator
    .insertInto('record_links')
    .values({
      instance_id: instanceId!,
      entity: entity!,
      record_id: recordId!,
      integration_id: integrationId!,
      linked_at: linkedAt!,
      pushed_body: pushedBody!,
      bss_values: bssValues!,
      connectwise_last_updated: lastUpdated!,
    })
    .onConflict((conflict) =>
      conflict.columns(['instance_id', 'entity', 'record_id']).doUpdateSet((update) => ({
        integration_id: update.ref('excluded.integration_id'),
        linked_at: update.ref('excluded.linked_at'),
        pushed_body: update.ref('excluded.pushed_body'),
        bss_values: update.ref('excluded.bss_values'),
        connectwise_last_updated: update.ref('excluded.connectwise_last_updated'),
      })),
    );
}

/**
 * PostgreSQL only (a writable `with`): the snapshot's upsert and the removal of the create's note
 * (`sync_create_attempts`, src/instances/create-attempt-log.ts) in one statement, so they commit together without a
 * transaction around them: one round trip for a create's link instead of four (begin, upsert, delete, commit).
 */
const upsertLinkSnapshotSettlingCreate = queryTemplate<
  unknown,
  [string, string, string, string, string, string, string | null, string | null, string]
>(9, (db, ...placeholders) =>
  upsertOf(
    // the `with` only adds a name the upsert does not read
    db.with('settled', (creator) =>
      creator
        .deleteFrom('sync_create_attempts')
        .where('instance_id', '=', placeholders[0]!)
        .where('module', '=', placeholders[8]!)
        .where('record_id', '=', placeholders[2]!),
    ) as unknown as QueryCreator<Database>,
    placeholders,
  ),
);

/**
 * Saves a link with the engine's snapshot, replacing what the record's link held. A ConnectWise id another
 * record of the instance holds fails on the table's unique key (the caller names the holder).
 */
export async function saveLinkSnapshot(db: Kysely<Database>, link: LinkSnapshotRow): Promise<void> {
  await upsertLinkSnapshot(db, ...snapshotValues(link));
}

/**
 * PostgreSQL: saves a create's link as `saveLinkSnapshot` does and, in the same statement, forgets the create's
 * note (its `module`): both are written or neither.
 */
export async function saveLinkSnapshotSettlingCreate(
  db: Kysely<Database>,
  link: LinkSnapshotRow,
  module: string,
): Promise<void> {
  if (dialectOf(db as Kysely<unknown>) !== 'postgres')
    throw new Error('saveLinkSnapshotSettlingCreate: PostgreSQL only (a writable with)');
  await upsertLinkSnapshotSettlingCreate(db, ...snapshotValues(link), module);
}

function snapshotValues(
  link: LinkSnapshotRow,
): [string, string, string, string, string, string, string | null, string | null] {
  const columns = linkColumns(link);
  return [
    columns.instance_id,
    columns.entity,
    columns.record_id,
    columns.integration_id,
    columns.linked_at,
    link.pushedBody,
    link.bssValues,
    link.connectwiseLastUpdated,
  ];
}

/** The number of records of one BSS entity linked on an instance. */
export async function countLinks(db: Kysely<Database>, instanceId: string, entity: string): Promise<number> {
  const row = await db
    .selectFrom('record_links')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('instance_id', '=', instanceId)
    .where('entity', '=', entity)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The links of one entity on an instance after a BSS id (none: from the first), in BSS id order. */
export async function pageOfLinks(
  db: Kysely<Database>,
  page: { instanceId: string; entity: string; after?: string; limit: number },
): Promise<LinkRow[]> {
  let query = db
    .selectFrom('record_links')
    .selectAll()
    .where('instance_id', '=', page.instanceId)
    .where('entity', '=', page.entity)
    .orderBy('record_id')
    .limit(page.limit);
  if (page.after !== undefined) query = query.where('record_id', '>', page.after);
  return query.execute();
}

/** How many records are linked, per instance and BSS entity (the metrics' gauge). */
export async function countLinksByInstanceAndEntity(
  db: Kysely<Database>,
): Promise<Array<{ instanceId: string; entity: string; count: number }>> {
  const rows = await db
    .selectFrom('record_links')
    .select(['instance_id', 'entity', (eb) => eb.fn.countAll().as('count')])
    .groupBy(['instance_id', 'entity'])
    .execute();
  return rows.map((row) => ({ instanceId: row.instance_id, entity: row.entity, count: Number(row.count) }));
}

/** The IntegrationIds of some records of one entity: BSS id → instance id → ConnectWise id. */
/** One record's links on every instance, compiled once: read with every record the store hands out. */
const integrationIdsOfRecord = queryTemplate<
  Pick<LinkRow, 'record_id' | 'instance_id' | 'integration_id'>,
  [string, string]
>(2, (db, entity, recordId) =>
  db
    .selectFrom('record_links')
    .select(['record_id', 'instance_id', 'integration_id'])
    .where('entity', '=', entity!)
    .where('record_id', '=', recordId!),
);

/** Lists up to this long are compiled once per length (a push reads a record's links with its dependencies'). */
const compiledListLengths = 16;
const integrationIdsOfList = new Map<number, ReturnType<typeof integrationIdsOfListTemplate>>();

function integrationIdsOfListTemplate(length: number) {
  return queryTemplate<Pick<LinkRow, 'record_id' | 'instance_id' | 'integration_id'>, string[]>(
    length + 1,
    (db, entity, ...recordIds) =>
      db
        .selectFrom('record_links')
        .select(['record_id', 'instance_id', 'integration_id'])
        .where('entity', '=', entity!)
        .where('record_id', 'in', recordIds),
  );
}

export async function integrationIdsOf(
  db: Kysely<Database>,
  entity: string,
  recordIds: readonly string[],
): Promise<Array<{ recordId: string; instanceId: string; integrationId: string }>> {
  const length = recordIds.length;
  let rows: Array<Pick<LinkRow, 'record_id' | 'instance_id' | 'integration_id'>>;
  if (length === 1) rows = (await integrationIdsOfRecord(db, entity, recordIds[0]!)).rows;
  else if (length > 1 && length <= compiledListLengths) {
    let template = integrationIdsOfList.get(length);
    if (template === undefined) {
      template = integrationIdsOfListTemplate(length);
      integrationIdsOfList.set(length, template);
    }
    rows = (await template(db, entity, ...recordIds)).rows;
  } else
    rows = await db
      .selectFrom('record_links')
      .select(['record_id', 'instance_id', 'integration_id'])
      .where('entity', '=', entity)
      .where('record_id', 'in', recordIds)
      .execute();
  return rows.map((row) => ({
    recordId: row.record_id,
    instanceId: row.instance_id,
    integrationId: row.integration_id,
  }));
}

/** Forgets the links of deleted records on every instance (pass the deleting transaction). */
export async function unlinkDeletedRecords(
  db: Kysely<Database>,
  entity: string,
  recordIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('record_links')
    .where('entity', '=', entity)
    .where('record_id', 'in', recordIds)
    .execute();
}
