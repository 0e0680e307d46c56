import type { ChangeEvent, SandboxStore } from '../../../src/sandbox/context.js';

/**
 * A minimal SandboxStore for unit tests of the parts that only need the contract (seed, callbacks): ids per
 * resource from 1, `_info` stamped, change events emitted. The real store lives in the sandbox core.
 */
export function createInMemoryStore(callbackTypes: Record<string, string> = {}): SandboxStore {
  let tables = new Map<string, Map<number, Record<string, unknown>>>();
  let nextIds = new Map<string, number>();
  const listeners = new Set<(event: ChangeEvent) => void>();

  const tableOf = (resource: string) => {
    let table = tables.get(resource);
    if (!table) tables.set(resource, (table = new Map()));
    return table;
  };
  const emit = (event: Omit<ChangeEvent, 'callbackType'>) => {
    for (const listener of listeners)
      listener({ ...event, callbackType: callbackTypes[event.resource] ?? null });
  };
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

  return {
    list: (resource) => [...tableOf(resource).values()],
    get: (resource, id) => tableOf(resource).get(id),
    nextIdOf: (resource) => nextIds.get(resource) ?? 1,
    insert(resource, record, memberIdentifier) {
      const id = nextIds.get(resource) ?? 1;
      nextIds.set(resource, id + 1);
      const stamp = now();
      const row = {
        ...record,
        id,
        _info: {
          dateEntered: stamp,
          lastUpdated: stamp,
          enteredBy: memberIdentifier,
          updatedBy: memberIdentifier,
        },
      };
      tableOf(resource).set(id, row);
      emit({ resource, action: 'added', id, record: structuredClone(row), memberIdentifier });
      return row;
    },
    replace(resource, id, record, memberIdentifier) {
      const before = tableOf(resource).get(id);
      const info = { ...(before?._info as object), lastUpdated: now(), updatedBy: memberIdentifier };
      const row = { ...record, id, _info: info };
      tableOf(resource).set(id, row);
      emit({ resource, action: 'updated', id, record: structuredClone(row), memberIdentifier });
      return row;
    },
    remove(resource, id, memberIdentifier) {
      tableOf(resource).delete(id);
      emit({ resource, action: 'deleted', id, record: null, memberIdentifier });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => structuredClone({ tables, nextIds }),
    restore(snapshot) {
      ({ tables, nextIds } = structuredClone(snapshot) as { tables: typeof tables; nextIds: typeof nextIds });
    },
    clear() {
      tables = new Map();
      nextIds = new Map();
    },
  };
}
