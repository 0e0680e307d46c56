import { type ConnectWiseGateway, type ConnectWiseRecord, ActionError } from '../../../engine/index.js';

/** how long a setup table read by name is trusted, by the action registry that read it (one per instance runtime) */
const tableTtlMs = 10 * 60_000;

/** The setup tables read by name, by resource: owned by the action registry, so they live as long as it does. */
export type SetupTableCache = Map<string, { at: number; rows: Promise<ConnectWiseRecord[]> }>;

async function rowsOf(
  gateway: ConnectWiseGateway,
  resource: string,
  cache: SetupTableCache,
): Promise<ConnectWiseRecord[]> {
  let entry = cache.get(resource);
  if (!entry || Date.now() - entry.at > tableTtlMs) {
    entry = { at: Date.now(), rows: gateway.findMatching(resource, []) };
    entry.rows.catch(() => cache.delete(resource));
    cache.set(resource, entry);
  }
  return entry.rows;
}

/**
 * The id of a row of a small ConnectWise setup table found by its name, case-insensitively (an order status):
 * `{resource, name, field}` → id (`field` names the record's field in an error). A blank name gives undefined; a name the table does not have is an error that
 * names the table, so a person can add the row or correct the definition.
 */
export async function referenceIdByName(
  input: unknown,
  gateway: ConnectWiseGateway,
  tables: SetupTableCache,
): Promise<unknown> {
  const { resource, name, field } = (input ?? {}) as { resource?: unknown; name?: unknown; field?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  if (typeof resource !== 'string') {
    throw new ActionError('referenceIdByName', 'resource', 'referenceIdByName needs the resource to look in');
  }
  const wanted = name.trim().toLowerCase();
  const row = (await rowsOf(gateway, resource, tables)).find(
    (candidate) => typeof candidate.name === 'string' && candidate.name.trim().toLowerCase() === wanted,
  );
  if (!row) {
    throw new ActionError(
      'referenceIdByName',
      typeof field === 'string' ? field : resource,
      `ConnectWise has no "${name}" in ${resource}: add it there`,
    );
  }
  return row.id;
}
