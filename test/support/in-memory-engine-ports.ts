import type { LinkRepository, LookupTable, RecordReader, SyncLink } from '../../src/engine/index.js';

/** BSS records held in a map keyed `<entity>/<id>`, for engine tests and benchmarks. */
export function inMemoryRecords(records: Map<string, Record<string, unknown>>): RecordReader {
  return {
    get: async (entity, id) => records.get(`${entity}/${id}`),
    findWhere: async () => [],
  };
}

/**
 * Links held in a map keyed `<instance>/<module>/<recordId>`; saved links are copied, as a database would. Found by
 * ConnectWise id through an index, as a database's would (a scan of every link made a benchmark's pull-side
 * lookups cost in proportion to the links held); a link the index does not know (put in the map directly) is
 * found by a scan.
 */
export function inMemoryLinks(links: Map<string, SyncLink>): LinkRepository {
  const byConnectwiseId = new Map<string, string>();
  const connectwiseKey = (instance: string, module: string, connectwiseId: number) =>
    `${instance}/${module}/${connectwiseId}`;
  return {
    find: async (instance, module, recordId) => links.get(`${instance}/${module}/${recordId}`),
    findByConnectwiseId: async (instance, module, connectwiseId) => {
      const indexed = links.get(byConnectwiseId.get(connectwiseKey(instance, module, connectwiseId)) ?? '');
      if (indexed?.connectwiseId === connectwiseId) return indexed;
      return [...links.values()].find(
        (link) =>
          link.instanceId === instance && link.module === module && link.connectwiseId === connectwiseId,
      );
    },
    save: async (link) => {
      const key = `${link.instanceId}/${link.module}/${link.recordId}`;
      links.set(key, structuredClone(link));
      byConnectwiseId.set(connectwiseKey(link.instanceId, link.module, link.connectwiseId), key);
    },
  };
}

/** Synchronization lookups as `{ <lookup>: { <BSS internal id>: <ConnectWise integration id> } }`, both ways. */
export function inMemoryLookups(tables: Record<string, Record<string, string>>): LookupTable {
  return {
    integrationId: (lookup, internalId) => tables[lookup]?.[internalId],
    internalId: (lookup, integrationId) =>
      Object.entries(tables[lookup] ?? {}).find(([, integration]) => integration === integrationId)?.[0],
  };
}
