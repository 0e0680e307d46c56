import type { LinkRepository, LookupTable, RecordReader, SyncLink } from '../../src/engine/index.js';

/** BSS records held in a map keyed `<entity>/<id>`, for engine tests and benchmarks. */
export function inMemoryRecords(records: Map<string, Record<string, unknown>>): RecordReader {
  return {
    get: async (entity, id) => records.get(`${entity}/${id}`),
    findWhere: async () => [],
  };
}

/** Links held in a map keyed `<instance>/<module>/<recordId>`; saved links are copied, as a database would. */
export function inMemoryLinks(links: Map<string, SyncLink>): LinkRepository {
  return {
    find: async (instance, module, recordId) => links.get(`${instance}/${module}/${recordId}`),
    findByConnectwiseId: async (instance, module, connectwiseId) =>
      [...links.values()].find(
        (link) =>
          link.instanceId === instance && link.module === module && link.connectwiseId === connectwiseId,
      ),
    save: async (link) =>
      void links.set(`${link.instanceId}/${link.module}/${link.recordId}`, structuredClone(link)),
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
