import type { Condition } from './conditions.js';
import { allOf, splitIdsIntoConditions } from './conditions.js';
import { ConnectWiseError } from './errors.js';
import type { ConnectWiseRecordContext } from './errors.js';
import { parseLinkHeader, readNextPosition } from './paging.js';
import { buildPatchFromDiff, isIdempotentPatch } from './patch.js';
import type { PatchOperation } from './patch.js';
import type { ApiResponse, SendRequest } from './send-request.js';
import type { QueryValue } from './url.js';
import { normaliseResourcePath } from './url.js';

export const maxPageSize = 1000;

export interface RequestOptions {
  /** cancels the request, including any wait for a slot, a rate limit or a backoff */
  signal?: AbortSignal;
}

export interface QueryOptions extends RequestOptions {
  conditions?: Condition;
  childConditions?: Condition;
  customFieldConditions?: Condition;
  /**
   * e.g. `name asc, id desc`; lists default to `id asc` so rows do not shift between pages. An explicit order
   * makes a list page by number even where forward-only paging is available.
   */
  orderBy?: string;
  fields?: readonly string[];
  /** 1..1000; lists default to 1000, single pages to ConnectWise's 25 */
  pageSize?: number;
}

export interface PageOptions extends QueryOptions {
  /** 1-based page number (numbered paging) */
  page?: number;
  /** forward-only paging: the records after this id */
  pageId?: number;
  forwardOnly?: boolean;
}

export interface Page<T> {
  items: T[];
  /** where the next page starts; undefined on the last page */
  next?: { pageId: number } | { page: number };
}

export interface WriteOptions extends RequestOptions {
  /** how errors name the record, e.g. its identifier */
  label?: string | number;
}

/** The values a record should end up with: a field set to null is cleared. */
export type WantedValues<T> = { [K in keyof T]?: T[K] | null };

export interface ResourceDefinition<T> {
  /** below `/apis/3.0`, e.g. `company/companies` */
  path: string;
  /** ConnectWise's name for one record, used in error messages, e.g. `company` */
  recordName: string;
  /** whether the endpoint answers `pagination-type: forward-only` (ConnectWise's big entity lists do) */
  forwardOnly?: boolean;
  labelOf?: (record: Partial<T>) => string | number | undefined;
}

export interface Resource<T, TWrite = Partial<T>> {
  readonly path: string;
  /** every matching record across pages, one page in memory at a time */
  list(options?: QueryOptions): AsyncGenerator<T, void, undefined>;
  /** the records with these ids, in as many `id in (…)` requests as the URL length allows */
  listByIds(ids: readonly number[], options?: QueryOptions): AsyncGenerator<T, void, undefined>;
  page(options?: PageOptions): Promise<Page<T>>;
  get(id: number, options?: RequestOptions): Promise<T>;
  /** like get, but undefined when the record does not exist */
  find(id: number, options?: RequestOptions): Promise<T | undefined>;
  count(
    options?: Pick<QueryOptions, 'conditions' | 'childConditions' | 'customFieldConditions' | 'signal'>,
  ): Promise<number>;
  create(record: TWrite, options?: WriteOptions): Promise<T>;
  /** PUT: replaces the whole record; omitted fields are cleared */
  replace(id: number, record: TWrite, options?: WriteOptions): Promise<T>;
  patch(id: number, operations: readonly PatchOperation[], options?: WriteOptions): Promise<T>;
  /**
   * patches only the fields of `after` that differ from `before` (`null` clears a field, an absent field is
   * left alone); no request when nothing differs
   */
  patchFromDiff(id: number, before: T, after: WantedValues<TWrite>, options?: WriteOptions): Promise<T>;
  delete(id: number, options?: WriteOptions): Promise<void>;
}

const orderByPattern =
  /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*( (asc|desc))?(, ?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*( (asc|desc))?)*$/i;
const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

export function createResource<T, TWrite = Partial<T>>(
  send: SendRequest,
  definition: ResourceDefinition<T>,
): Resource<T, TWrite> {
  const path = normaliseResourcePath(definition.path).slice(1);
  const labelOf = definition.labelOf ?? defaultLabel;
  const contextFor = (recordId?: string | number): ConnectWiseRecordContext => ({
    resource: definition.recordName,
    recordId,
  });

  async function fetchPage(options: PageOptions): Promise<Page<T> & { hasLinks: boolean }> {
    const response = await send({
      method: 'GET',
      path,
      query: { ...buildQuery(options), page: options.page, pageId: options.pageId },
      headers: options.forwardOnly ? { 'pagination-type': 'forward-only' } : undefined,
      signal: options.signal,
    });
    const items = readList<T>(response, path);
    const links = parseLinkHeader(response.headers.link);
    return { items, next: readNextPosition(links), hasLinks: links.size > 0 };
  }

  async function* listNumbered(
    options: QueryOptions,
    skipIds?: Set<unknown>,
  ): AsyncGenerator<T, void, undefined> {
    const pageSize = options.pageSize ?? maxPageSize;
    const orderBy = options.orderBy ?? 'id asc';
    let page = 1;
    for (;;) {
      const result = await fetchPage({ ...options, pageSize, orderBy, page });
      for (const item of result.items) {
        if (!skipIds?.has((item as { id?: unknown }).id)) yield item;
      }
      const next = result.next;
      if (next && 'page' in next && next.page > page) page = next.page;
      else if (!result.hasLinks && result.items.length === pageSize) page += 1;
      else return;
    }
  }

  async function* listForwardOnly(requested: QueryOptions): AsyncGenerator<T, void, undefined> {
    const pageSize = requested.pageSize ?? maxPageSize;
    // ids are needed to resume (pageId) and to skip rows when falling back to page numbers
    const options =
      requested.fields && !requested.fields.includes('id')
        ? { ...requested, fields: [...requested.fields, 'id'] }
        : requested;
    let result = await fetchPage({ ...options, pageSize, forwardOnly: true });
    yield* result.items;
    const ignoredForwardOnly = result.next
      ? !('pageId' in result.next)
      : !result.hasLinks && result.items.length === pageSize;
    if (ignoredForwardOnly) {
      // the endpoint pages by number despite the header: go on that way, without repeating the first page
      yield* listNumbered(options, new Set(result.items.map((item) => (item as { id?: unknown }).id)));
      return;
    }
    // ConnectWise links on even from the last page ("There will always be a link header … for the next pageId",
    // docs/connectwise-tenant-rules.md P1); a short page is the last, so its link is not followed.
    while (result.next && result.items.length >= pageSize) {
      if (!('pageId' in result.next)) {
        throw new Error(`ConnectWise ${path} switched from forward-only to numbered paging mid-list`);
      }
      result = await fetchPage({ ...options, pageSize, forwardOnly: true, pageId: result.next.pageId });
      yield* result.items;
    }
  }

  const resource: Resource<T, TWrite> = {
    path,

    list(options = {}) {
      assertPageSize(options.pageSize);
      return definition.forwardOnly && !options.orderBy ? listForwardOnly(options) : listNumbered(options);
    },

    async *listByIds(ids, options = {}) {
      for (const chunk of splitIdsIntoConditions(ids)) {
        yield* resource.list({ ...options, conditions: allOf(options.conditions, chunk) });
      }
    },

    async page(options = {}) {
      assertPageSize(options.pageSize);
      const { items, next } = await fetchPage(options);
      return { items, next };
    },

    async get(id, options = {}) {
      const response = await send({
        method: 'GET',
        path: `${path}/${recordIdSegment(id)}`,
        context: contextFor(id),
        signal: options.signal,
      });
      return response.body as T;
    },

    async find(id, options) {
      try {
        return await resource.get(id, options);
      } catch (error) {
        if (
          error instanceof ConnectWiseError &&
          error.kind === 'not-found' &&
          error.code !== 'ConnectWiseApi'
        ) {
          return undefined;
        }
        throw error;
      }
    },

    async count(options = {}) {
      const response = await send({
        method: 'GET',
        path: `${path}/count`,
        query: buildQuery(options),
        signal: options.signal,
      });
      const count = (response.body as { count?: unknown } | undefined)?.count;
      if (typeof count !== 'number') throw new Error(`ConnectWise ${path}/count answered without a count`);
      return count;
    },

    async create(record, options = {}) {
      const response = await send({
        method: 'POST',
        path,
        body: record,
        context: contextFor(options.label ?? labelOf(record as Partial<T>)),
        signal: options.signal,
      });
      return response.body as T;
    },

    async replace(id, record, options = {}) {
      const response = await send({
        method: 'PUT',
        path: `${path}/${recordIdSegment(id)}`,
        body: record,
        context: contextFor(options.label ?? id),
        signal: options.signal,
      });
      return response.body as T;
    },

    async patch(id, operations, options = {}) {
      const response = await send({
        method: 'PATCH',
        path: `${path}/${recordIdSegment(id)}`,
        body: operations,
        context: contextFor(options.label ?? id),
        idempotent: isIdempotentPatch(operations),
        signal: options.signal,
      });
      return response.body as T;
    },

    async patchFromDiff(id, before, after, options) {
      const operations = buildPatchFromDiff(
        before as Record<string, unknown>,
        after as Record<string, unknown>,
      );
      if (operations.length === 0) return before;
      return resource.patch(id, operations, options);
    },

    async delete(id, options = {}) {
      await send({
        method: 'DELETE',
        path: `${path}/${recordIdSegment(id)}`,
        context: contextFor(options.label ?? id),
        signal: options.signal,
      });
    },
  };
  return resource;
}

function buildQuery(options: QueryOptions): Record<string, QueryValue> {
  if (options.orderBy !== undefined && !orderByPattern.test(options.orderBy.trim())) {
    throw new TypeError(
      `orderBy '${options.orderBy}' must be field names with optional asc/desc, comma-separated`,
    );
  }
  for (const field of options.fields ?? []) {
    if (!fieldNamePattern.test(field)) throw new TypeError(`fields entry '${field}' is not a field path`);
  }
  assertPageSize(options.pageSize);
  return {
    conditions: options.conditions?.text,
    childConditions: options.childConditions?.text,
    customFieldConditions: options.customFieldConditions?.text,
    orderBy: options.orderBy?.trim(),
    fields: options.fields?.join(','),
    pageSize: options.pageSize,
  };
}

function assertPageSize(pageSize: number | undefined): void {
  if (pageSize === undefined) return;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw new RangeError(
      `pageSize must be an integer from 1 to ${maxPageSize} (ConnectWise's maximum), got ${pageSize}`,
    );
  }
}

function recordIdSegment(id: number): string {
  if (!Number.isInteger(id) || id < 0)
    throw new TypeError(`record id must be a non-negative integer, got ${id}`);
  return String(id);
}

function readList<T>(response: ApiResponse, path: string): T[] {
  if (!Array.isArray(response.body)) {
    throw new Error(`ConnectWise ${path} answered HTTP ${response.status} without a list`);
  }
  return response.body as T[];
}

function defaultLabel(record: unknown): string | number | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const { identifier, name } = record as { identifier?: unknown; name?: unknown };
  if (typeof identifier === 'string') return identifier;
  return typeof name === 'string' ? name : undefined;
}
