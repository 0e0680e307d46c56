import type { Kysely } from 'kysely';
import type { ConnectWiseClient } from '../connectwise/index.js';
import { pageOfLinks } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import { type ConnectWiseRecord, resourcePath, type SyncLink } from '../engine/index.js';
import { toSyncLink } from '../instances/index.js';

/** How many links are read from the database, and their ConnectWise records looked up, at a time. */
export const linkPageSize = 500;

/** The links of one module on an instance, a page at a time, in BSS id order. */
export async function* pagesOfLinks(
  db: Kysely<Database>,
  instanceId: string,
  module: string,
  entity: string,
): AsyncGenerator<SyncLink[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await pageOfLinks(db, {
      instanceId,
      entity,
      limit: linkPageSize,
      ...(after !== undefined ? { after } : {}),
    });
    if (rows.length === 0) return;
    yield rows.map((row) => toSyncLink(row, module));
    if (rows.length < linkPageSize) return;
    after = rows[rows.length - 1]!.record_id;
  }
}

/** What ConnectWise holds for a page of links: found records by BSS id, and the links it could not address. */
export interface HeldRecords {
  held: Map<string, ConnectWiseRecord>;
  /** BSS id → why the record's ConnectWise path is unknown (a parent id missing from the snapshot) */
  unaddressable: Map<string, string>;
}

/**
 * Reads the ConnectWise records of a page of links in pages — `id in (…)` conditions, as many ids per request
 * as the URL takes — never one GET per record. Records under a parent (a payment under its invoice) are read
 * per parent, under the parent the link's snapshot names.
 */
export async function readHeldRecords(
  client: ConnectWiseClient,
  resource: string,
  links: readonly SyncLink[],
): Promise<HeldRecords> {
  const byPath = new Map<string, SyncLink[]>();
  const unaddressable = new Map<string, string>();
  for (const link of links) {
    let path: string;
    try {
      path = resourcePath(resource, link.pushedBody);
    } catch (error) {
      unaddressable.set(link.recordId, (error as Error).message);
      continue;
    }
    const list = byPath.get(path) ?? [];
    list.push(link);
    byPath.set(path, list);
  }
  const held = new Map<string, ConnectWiseRecord>();
  for (const [path, pathLinks] of byPath) {
    const byConnectwiseId = new Map(pathLinks.map((link) => [link.connectwiseId, link.recordId]));
    const api = client.resource<ConnectWiseRecord>(path, undefined, { forwardOnly: true });
    for await (const record of api.listByIds([...byConnectwiseId.keys()], { pageSize: 1000 })) {
      const recordId = byConnectwiseId.get(record.id);
      if (recordId !== undefined) held.set(recordId, record);
    }
  }
  return { held, unaddressable };
}
