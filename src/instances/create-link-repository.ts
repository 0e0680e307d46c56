import { ConflictError, ValidationError } from '../errors/index.js';
import type { Kysely } from 'kysely';
import {
  findLink,
  findLinkByIntegrationId,
  linkRowsInRecord,
  saveLinkSnapshot,
  saveLinkSnapshotSettlingCreate,
  type LinkRowInRecord,
  type LinkSnapshotRow,
} from '../bss/store/index.js';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import type { Database } from '../db/schema.js';
import { connectwiseIdInRecord, type LinkRepository, type SyncLink } from '../engine/index.js';

export interface LinkRepositoryOptions {
  /**
   * The BSS entity a module's records are: record_links is keyed by (instance, entity, record), the key the
   * records' `integrationIds` are read by. Default: the module name is the entity (accounts, contacts, …).
   */
  entityOf?: (module: string) => string;
}

/**
 * The engine's links: the IntegrationId the BSS sees, plus the snapshot the engine diffs against (the body it
 * last wrote, the BSS values both sides agreed on, ConnectWise's lastUpdated). The rows are the store's
 * (`src/bss/store/record-links.ts` owns `record_links`); this repository speaks the engine's `SyncLink`.
 */
/** The links, plus a create's link saved with its note forgotten in one statement (PostgreSQL). */
export interface SettlingLinkRepository extends LinkRepository {
  /** PostgreSQL only: saves the link as `save` does and forgets the create's note in the same statement. */
  saveSettlingCreate(link: SyncLink): Promise<void>;
}

export function createLinkRepository(
  db: Kysely<Database>,
  options: LinkRepositoryOptions = {},
): SettlingLinkRepository {
  const entityOf = options.entityOf ?? ((module: string) => module);

  /** Writes a link (`write`: the upsert alone, or with the create's note forgotten); a taken id names its holder. */
  async function saveWith(
    repository: LinkRepository,
    link: SyncLink,
    write: (row: LinkSnapshotRow) => Promise<void>,
  ): Promise<void> {
    if (!Number.isInteger(link.connectwiseId) || link.connectwiseId <= 0) {
      throw ValidationError.at(
        'connectwiseId',
        'integer',
        `must be a positive whole number, got ${link.connectwiseId}`,
      );
    }
    const row: LinkSnapshotRow = {
      instanceId: link.instanceId,
      entity: entityOf(link.module),
      recordId: link.recordId,
      integrationId: String(link.connectwiseId),
      pushedBody: writeJsonColumn(link.pushedBody),
      bssValues: link.bssValues === undefined ? null : writeJsonColumn(link.bssValues),
      connectwiseLastUpdated: link.connectwiseLastUpdated ?? null,
    };
    try {
      await write(row);
    } catch (error) {
      // At most one BSS record per ConnectWise record and instance: name the record that holds it.
      const holder = await repository.findByConnectwiseId(link.instanceId, link.module, link.connectwiseId);
      if (holder && holder.recordId !== link.recordId) {
        throw new ConflictError(
          `${link.module} ${link.recordId}: ConnectWise id ${link.connectwiseId} is already linked to ${holder.recordId} on instance ${link.instanceId}`,
          { cause: error },
        );
      }
      // The same link saved at the same moment by another job (two pulls of one ConnectWise record): on PostgreSQL
      // the upsert of a row both insert can fail on the ConnectWise id's unique key instead of updating. The row is
      // there now: written again, the upsert updates it.
      if (holder) return write(row);
      throw error;
    }
  }

  return {
    async find(instanceId, module, recordId) {
      const row = await findLink(db, { instanceId, entity: entityOf(module), recordId });
      return row ? toSyncLink(row, module) : undefined;
    },

    // The store reads a record with these links' ConnectWise ids (`integrationIds`, keyed as `entityOf` keys them).
    idInRecord: connectwiseIdInRecord,

    // The record a push pushes is read with its whole links (`RecordReader.getWithLinks`): its own is not read again.
    linkInRecord(instanceId, module, record) {
      const rows = linkRowsInRecord(record);
      if (rows === undefined) return undefined;
      const row = rows.get(instanceId);
      return row ? toSyncLink(row, module) : null;
    },

    async findByConnectwiseId(instanceId, module, connectwiseId) {
      const row = await findLinkByIntegrationId(db, {
        instanceId,
        entity: entityOf(module),
        integrationId: String(connectwiseId),
      });
      return row ? toSyncLink(row, module) : undefined;
    },

    async connectwiseLastUpdatedOf(instanceId, module, connectwiseIds) {
      const found = new Map<number, string>();
      if (connectwiseIds.length === 0) return found;
      const rows = await db
        .selectFrom('record_links')
        .select(['integration_id', 'connectwise_last_updated'])
        .where('instance_id', '=', instanceId)
        .where('entity', '=', entityOf(module))
        .where(
          'integration_id',
          'in',
          connectwiseIds.map((id) => String(id)),
        )
        .execute();
      for (const row of rows) {
        if (row.connectwise_last_updated !== null)
          found.set(Number(row.integration_id), row.connectwise_last_updated);
      }
      return found;
    },

    async save(link) {
      await saveWith(this, link, (row) => saveLinkSnapshot(db, row));
    },

    async saveSettlingCreate(link) {
      await saveWith(this, link, (row) => saveLinkSnapshotSettlingCreate(db, row, link.module));
    },
  };
}

/**
 * A stored link as the engine sees it, under the module it was read for. Its JSON snapshots are parsed when first
 * read: most links read are looked at for their ConnectWise id or for being there at all (a dependency's, a
 * waiter's), and parsing each one's snapshot was the runner's costliest line of its own (issue 14).
 */
export function toSyncLink(row: LinkRowInRecord, module: string): SyncLink {
  const link = {
    instanceId: row.instance_id,
    module,
    recordId: row.record_id,
    connectwiseId: Number(row.integration_id),
  } as SyncLink;
  // A link made outside the engine (the store's linkRecord) has no snapshot yet.
  parsedWhenRead(link, 'pushedBody', row.pushed_body ?? '{}');
  if (row.bss_values !== null) parsedWhenRead(link, 'bssValues', row.bss_values);
  if (row.connectwise_last_updated !== null) link.connectwiseLastUpdated = row.connectwise_last_updated;
  return link;
}

/** `link[key]` as a JSON column's value, parsed on its first read; an ordinary property once read or set. */
function parsedWhenRead(link: SyncLink, key: 'pushedBody' | 'bssValues', stored: unknown): void {
  const settle = (value: Record<string, unknown>) => {
    Object.defineProperty(link, key, { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(link, key, {
    enumerable: true,
    configurable: true,
    get: () => settle(readJsonColumn<Record<string, unknown>>(stored)),
    set: settle,
  });
}
