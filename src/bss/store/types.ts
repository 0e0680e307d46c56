import type { BssRecord } from '../records/index.js';
import type { EntityName } from '../records/entity-names.js';
import type { StoreError } from './errors.js';

export type Origin = 'api' | 'import' | 'pull';
export const origins: readonly Origin[] = ['api', 'import', 'pull'];

export interface WriteContext {
  origin: Origin;
  /** The version the writer last read; a write against any other version is refused (409). */
  expectedVersion?: number;
  /** Who wrote it, for audit (a token name, `import:<file>`, an instance id). */
  actor?: string;
}

export interface ListQuery {
  /** Filter name (declared per entity) → exact value. */
  filters?: Record<string, string>;
  /** The `nextCursor` of the previous page. */
  after?: string;
  limit?: number;
}

/** Which changes to read: one origin, or several (the sync engine pushes what came from `api` and `import`). */
export interface ChangeFilter {
  origin?: Origin | readonly Origin[];
}

export type ChangeAction = 'created' | 'updated' | 'deleted';

export interface Change {
  cursor: string;
  entity: EntityName;
  recordId: string;
  action: ChangeAction;
  origin: Origin;
  version: number;
  /** The record as this change left it; null when deleted. */
  record: BssRecord | null;
  at: string;
}

export type BatchRowResult =
  { ok: true; record: BssRecord; created: boolean } | { ok: false; error: StoreError };

export interface RecordStore {
  create(entity: EntityName, input: unknown, ctx: WriteContext): Promise<BssRecord>;
  upsert(
    entity: EntityName,
    id: string,
    input: unknown,
    ctx: WriteContext,
  ): Promise<{ record: BssRecord; created: boolean }>;
  /** JSON Merge Patch of the record's fields. */
  update(entity: EntityName, id: string, partial: unknown, ctx: WriteContext): Promise<BssRecord>;
  remove(entity: EntityName, id: string, ctx: WriteContext): Promise<void>;
  get(entity: EntityName, id: string): Promise<BssRecord | undefined>;
  /**
   * `get`, the record carrying also its whole link rows (`linkRowsInRecord`): the record a push pushes, its own link
   * read in the same statement. Optional: a store without it is read by `get`, and the link apart.
   */
  getWithLinks?(entity: EntityName, id: string): Promise<BssRecord | undefined>;
  list(entity: EntityName, query: ListQuery): Promise<{ items: BssRecord[]; nextCursor: string | null }>;
  /**
   * Many rows in one transaction, each validated on its own: a bad row is reported, the others are written.
   * With `dryRun` every check runs exactly as in a real write (references, rows earlier in the batch) and the
   * transaction is rolled back: nothing is written.
   */
  writeBatch(
    entity: EntityName,
    rows: Array<{ id?: string; input: unknown }>,
    ctx: WriteContext,
    options?: { dryRun?: boolean },
  ): Promise<BatchRowResult[]>;
  changesAfter(
    cursor: string | null,
    limit: number,
    filter?: ChangeFilter,
  ): Promise<{ changes: Change[]; nextCursor: string | null }>;
  /**
   * Calls `listener` after each write of this store that the sync pushes (origin `api` or `import`) has committed,
   * so the change feed is read at once instead of at its next poll; returns the unsubscribe.
   */
  onWrite?(listener: () => void): () => void;
}
