import {
  DuplicateRecordError,
  RecordValidationError,
  StoreError,
  VersionConflictError,
  type RecordStore,
} from '../bss/store/index.js';
import { entitySchemas, isEntityName, type EntityName } from '../bss/records/index.js';
import { BssWriteError, type RecordReader, type RecordWriter } from '../engine/index.js';

function entityOf(entity: string): EntityName {
  if (!isEntityName(entity)) throw new Error(`the BSS has no entity "${entity}"`);
  return entity;
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Values compare as a person would expect a match to: trimmed, case-insensitive text. */
const sameText = (a: unknown, b: string): boolean =>
  a !== undefined && a !== null && String(a).trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The engine's reader of BSS records, over the store. `findWhere` narrows with the entity's declared filters (an
 * indexed exact match) and compares the other fields in memory; a query no filter narrows is refused rather than
 * reading a whole table record by record.
 */
export function createStoreRecordReader(store: RecordStore): RecordReader {
  return {
    get: (entity, id) => store.get(entityOf(entity), id),
    ...(store.getWithLinks
      ? { getWithLinks: (entity: string, id: string) => store.getWithLinks!(entityOf(entity), id) }
      : {}),
    async findWhere(entity, where) {
      const name = entityOf(entity);
      const declared = entitySchemas[name].filters;
      const filters: Record<string, string> = {};
      for (const [path, value] of Object.entries(where)) {
        const filter = declared.find((candidate) => candidate.path === path);
        if (filter) filters[filter.name] = value;
      }
      if (Object.keys(filters).length === 0) {
        throw new Error(
          `findWhere ${entity}: none of ${Object.keys(where).join(', ')} is a filter of ${entity}; declare one`,
        );
      }
      const found: Array<Record<string, unknown>> = [];
      let after: string | undefined;
      do {
        const page = await store.list(name, { filters, limit: 500, ...(after ? { after } : {}) });
        for (const record of page.items) {
          const all = Object.entries(where).every(([path, value]) => sameText(valueAt(record, path), value));
          if (all) found.push(record);
        }
        after = page.nextCursor ?? undefined;
      } while (after !== undefined);
      return found;
    },
  };
}

/** The store's refusals in the engine's terms (`BssWriteError`); anything else (the database busy) goes as it is. */
async function asBssWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    const refusal =
      error instanceof DuplicateRecordError
        ? 'duplicate'
        : error instanceof VersionConflictError
          ? 'version-conflict'
          : 'refused';
    const field = error instanceof RecordValidationError ? error.issues[0]?.path || undefined : undefined;
    // The store's own sentence for a duplicate advises an API caller (PUT or PATCH); a pull needs the fact.
    const message =
      error instanceof DuplicateRecordError ? `${error.entity} ${error.id} already exists` : error.message;
    throw new BssWriteError(refusal, message, field, { cause: error });
  }
}

/**
 * How a pull writes into the BSS: through the store with origin `pull`, so the change feed never pushes it back;
 * the store's refusals come out as `BssWriteError`s.
 */
export function createStoreRecordWriter(store: RecordStore, instanceId: string): RecordWriter {
  const context = (expectedVersion?: number) => ({
    origin: 'pull' as const,
    actor: `connectwise:${instanceId}`,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  });
  return {
    create: (entity, id, fields) =>
      asBssWrite(store.create(entityOf(entity), id === undefined ? fields : { ...fields, id }, context())),
    update: (entity, id, fields, expectedVersion) =>
      asBssWrite(store.update(entityOf(entity), id, fields, context(expectedVersion))),
  };
}
