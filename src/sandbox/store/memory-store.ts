import type { ChangeEvent, SandboxStore } from '../context.js';

interface StoredRow {
  parentId?: number;
  record: Record<string, unknown>;
}

interface ResourceTable {
  nextId: number;
  rows: Map<number, StoredRow>;
  /** false after a caller chose an id lower than an existing one: the map is re-sorted on the next read */
  inIdOrder: boolean;
}

export interface StoreSnapshot {
  format: 'cwsync-sandbox-store/1';
  resources: Record<string, { nextId: number; rows: StoredRow[] }>;
}

export interface MemoryStoreOptions {
  /** callback `type` of a resource's change events */
  callbackTypeOf(resource: string): string | null;
  now?: () => Date;
}

function isStoreSnapshot(value: unknown): value is StoreSnapshot {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === 'cwsync-sandbox-store/1' &&
    typeof (value as { resources?: unknown }).resources === 'object'
  );
}

/** ISO timestamp to the second, as ConnectWise writes `_info` dates ("2026-06-04T17:14:20Z"). */
export function formatConnectWiseTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The sandbox's in-memory tables. Rows are kept in id order (ids only grow), records are stored as copies so
 * callers cannot change stored data behind the store's back.
 */
export function createMemoryStore(options: MemoryStoreOptions): SandboxStore {
  const tables = new Map<string, ResourceTable>();
  const listeners = new Set<(event: ChangeEvent) => void>();
  const now = options.now ?? (() => new Date());

  function tableOf(resource: string): ResourceTable {
    let table = tables.get(resource);
    if (table === undefined) {
      table = { nextId: 1, rows: new Map(), inIdOrder: true };
      tables.set(resource, table);
    }
    return table;
  }

  function emit(event: Omit<ChangeEvent, 'callbackType'>): void {
    const full: ChangeEvent = { ...event, callbackType: options.callbackTypeOf(event.resource) };
    for (const listener of listeners) listener(full);
  }

  function chooseId(table: ResourceTable, requested: unknown): number {
    if (
      typeof requested === 'number' &&
      Number.isInteger(requested) &&
      requested > 0 &&
      !table.rows.has(requested)
    ) {
      if (requested < table.nextId - 1) table.inIdOrder = false;
      table.nextId = Math.max(table.nextId, requested + 1);
      return requested;
    }
    return table.nextId++;
  }

  return {
    list(resource, parentId) {
      const table = tables.get(resource);
      if (table === undefined) return [];
      if (!table.inIdOrder) {
        table.rows = new Map([...table.rows.entries()].sort(([a], [b]) => a - b));
        table.inIdOrder = true;
      }
      const records: Array<Record<string, unknown>> = [];
      for (const row of table.rows.values()) {
        if (parentId === undefined || row.parentId === parentId) records.push(row.record);
      }
      return records;
    },
    get(resource, id) {
      return tables.get(resource)?.rows.get(id)?.record;
    },
    nextIdOf(resource) {
      return tables.get(resource)?.nextId ?? 1;
    },
    insert(resource, record, memberIdentifier, parentId) {
      const table = tableOf(resource);
      const id = chooseId(table, record.id);
      const timestamp = formatConnectWiseTimestamp(now());
      const stored: Record<string, unknown> = {
        id,
        ...structuredClone(record),
        _info: {
          lastUpdated: timestamp,
          updatedBy: memberIdentifier,
          dateEntered: timestamp,
          enteredBy: memberIdentifier,
        },
      };
      stored.id = id;
      table.rows.set(id, parentId === undefined ? { record: stored } : { parentId, record: stored });
      emit({ resource, action: 'added', id, record: stored, memberIdentifier });
      return stored;
    },
    replace(resource, id, record, memberIdentifier) {
      const row = tables.get(resource)?.rows.get(id);
      if (row === undefined) throw new Error(`${resource} ${id} does not exist`);
      const previousInfo = (row.record._info ?? {}) as Record<string, string>;
      const stored: Record<string, unknown> = {
        id,
        ...structuredClone(record),
        _info: {
          lastUpdated: formatConnectWiseTimestamp(now()),
          updatedBy: memberIdentifier,
          dateEntered: previousInfo.dateEntered,
          enteredBy: previousInfo.enteredBy,
        },
      };
      stored.id = id;
      row.record = stored;
      emit({ resource, action: 'updated', id, record: stored, memberIdentifier });
      return stored;
    },
    remove(resource, id, memberIdentifier) {
      const table = tables.get(resource);
      if (table === undefined || !table.rows.delete(id)) return;
      emit({ resource, action: 'deleted', id, record: null, memberIdentifier });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot(): StoreSnapshot {
      const resources: StoreSnapshot['resources'] = {};
      for (const [resource, table] of tables) {
        resources[resource] = { nextId: table.nextId, rows: structuredClone([...table.rows.values()]) };
      }
      return { format: 'cwsync-sandbox-store/1', resources };
    },
    restore(snapshot) {
      if (!isStoreSnapshot(snapshot))
        throw new Error('Not a sandbox store snapshot (format cwsync-sandbox-store/1)');
      tables.clear();
      for (const [resource, saved] of Object.entries(snapshot.resources)) {
        const rows = new Map<number, StoredRow>();
        for (const row of structuredClone(saved.rows)) rows.set(row.record.id as number, row);
        tables.set(resource, { nextId: saved.nextId, rows, inIdOrder: false });
      }
    },
    clear() {
      tables.clear();
    },
  };
}
