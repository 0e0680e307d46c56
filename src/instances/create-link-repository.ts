import { ConflictError, ValidationError } from '../errors/index.js';
import type { Kysely, Selectable } from 'kysely';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import type { Database, RecordLinksTable } from '../db/schema.js';
import type { LinkRepository, SyncLink } from '../engine/index.js';
import { queryTemplate } from '../db/query-template.js';

/** A link by its record: the runner reads four or five per record pushed. */
const linkOfRecord = queryTemplate<Selectable<RecordLinksTable>, [string, string, string]>(
  3,
  (db, instanceId, entity, recordId) =>
    db
      .selectFrom('record_links')
      .selectAll()
      .where('instance_id', '=', instanceId!)
      .where('entity', '=', entity!)
      .where('record_id', '=', recordId!),
);

export interface LinkRepositoryOptions {
  /**
   * The BSS entity a module's records are: record_links is keyed by (instance, entity, record), the key the
   * records' `integrationIds` are read by. Default: the module name is the entity (accounts, contacts, …).
   */
  entityOf?: (module: string) => string;
}

/**
 * The engine's links over `record_links`: the IntegrationId the BSS sees, plus the snapshot the engine diffs
 * against (the body it last wrote, the BSS values both sides agreed on, ConnectWise's lastUpdated).
 */
export function createLinkRepository(
  db: Kysely<Database>,
  options: LinkRepositoryOptions = {},
): LinkRepository {
  const entityOf = options.entityOf ?? ((module: string) => module);
  return {
    async find(instanceId, module, recordId) {
      const [row] = (await linkOfRecord(db, instanceId, entityOf(module), recordId)).rows;
      return row ? toSyncLink(row, module) : undefined;
    },

    async findByConnectwiseId(instanceId, module, connectwiseId) {
      const row = await db
        .selectFrom('record_links')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('entity', '=', entityOf(module))
        .where('integration_id', '=', String(connectwiseId))
        .executeTakeFirst();
      return row ? toSyncLink(row, module) : undefined;
    },

    async save(link) {
      if (!Number.isInteger(link.connectwiseId) || link.connectwiseId <= 0) {
        throw ValidationError.at(
          'connectwiseId',
          'integer',
          `must be a positive whole number, got ${link.connectwiseId}`,
        );
      }
      const entity = entityOf(link.module);
      const values = {
        instance_id: link.instanceId,
        entity,
        record_id: link.recordId,
        integration_id: String(link.connectwiseId),
        linked_at: new Date().toISOString(),
        pushed_body: writeJsonColumn(link.pushedBody),
        bss_values: link.bssValues === undefined ? null : writeJsonColumn(link.bssValues),
        connectwise_last_updated: link.connectwiseLastUpdated ?? null,
      };
      try {
        await db
          .insertInto('record_links')
          .values(values)
          .onConflict((conflict) =>
            conflict.columns(['instance_id', 'entity', 'record_id']).doUpdateSet((update) => ({
              integration_id: update.ref('excluded.integration_id'),
              linked_at: update.ref('excluded.linked_at'),
              pushed_body: update.ref('excluded.pushed_body'),
              bss_values: update.ref('excluded.bss_values'),
              connectwise_last_updated: update.ref('excluded.connectwise_last_updated'),
            })),
          )
          .execute();
      } catch (error) {
        // At most one BSS record per ConnectWise record and instance: name the record that holds it.
        const holder = await this.findByConnectwiseId(link.instanceId, link.module, link.connectwiseId);
        if (holder && holder.recordId !== link.recordId) {
          throw new ConflictError(
            `${link.module} ${link.recordId}: ConnectWise id ${link.connectwiseId} is already linked to ${holder.recordId} on instance ${link.instanceId}`,
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}

function toSyncLink(row: Selectable<RecordLinksTable>, module: string): SyncLink {
  const link: SyncLink = {
    instanceId: row.instance_id,
    module,
    recordId: row.record_id,
    connectwiseId: Number(row.integration_id),
    // A link made outside the engine (the store's linkRecord) has no snapshot yet.
    pushedBody: row.pushed_body === null ? {} : readJsonColumn<Record<string, unknown>>(row.pushed_body),
  };
  if (row.bss_values !== null) link.bssValues = readJsonColumn<Record<string, unknown>>(row.bss_values);
  if (row.connectwise_last_updated !== null) link.connectwiseLastUpdated = row.connectwise_last_updated;
  return link;
}
