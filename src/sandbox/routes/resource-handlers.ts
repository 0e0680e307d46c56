import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, endpointNotFound, recordNotFound } from '../http/connectwise-error.js';
import { forwardOnlyLinkHeader, navigableLinkHeader, readPageRequest } from '../http/paging.js';
import { applyJsonPatch } from '../patch/apply-json-patch.js';
import { compileQuery, QuerySyntaxError, type CompiledQuery } from '../query/index.js';
import { findResource, storeKeyOf } from '../registry/index.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import { renderRecord, type RenderContext } from '../render/render-record.js';
import { buildRecord } from '../validation/build-record.js';
import { resourceSchemaOf } from '../validation/resource-schema.js';
import { fieldCatalogOf } from './build-field-catalog.js';
import type { SandboxRuntime } from './sandbox-runtime.js';

type Params = { id?: string; parentId?: string };
type Query = Record<string, string | undefined>;

function readId(raw: string | undefined): number {
  const id = Number(raw);
  // ConnectWise routes ids as integers; anything else matches no endpoint.
  if (raw === undefined || !/^\d+$/.test(raw) || !Number.isSafeInteger(id)) throw endpointNotFound();
  return id;
}

/** Query parameter names are case-insensitive in ConnectWise (pageSize = pagesize). */
function lowerCaseKeys(query: unknown): Query {
  const result: Query = Object.create(null) as Query;
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    result[key.toLowerCase()] = Array.isArray(value) ? String(value[value.length - 1]) : String(value);
  }
  return result;
}

function parentIdOfRow(definition: ResourceDefinition, row: Record<string, unknown>): number | undefined {
  const field = definition.parent?.field;
  if (field === undefined) return undefined;
  const value = row[field];
  if (definition.parent?.fieldKind === 'id') return typeof value === 'number' ? value : undefined;
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
}

export function createResourceHandlers(
  definition: ResourceDefinition,
  prefix: string,
  runtime: SandboxRuntime,
) {
  const { context } = runtime;
  const store = context.store;
  const storeKey = storeKeyOf(definition);
  const apiVersion = context.options.apiVersion;
  const parentDefinition =
    definition.parent === undefined ? undefined : findResource(definition.parent.resource);

  function renderContextOf(request: FastifyRequest): RenderContext {
    return { apiBase: runtime.apiBaseOf(request, prefix), apiVersion, store };
  }

  /** Nested resources: the parent must exist (404 "Company 5 not found" otherwise). */
  function readParentId(params: Params): number | undefined {
    if (definition.parent === undefined) return undefined;
    const parentId = readId(params.parentId);
    const parentKey =
      parentDefinition === undefined ? definition.parent.resource : storeKeyOf(parentDefinition);
    if (store.get(parentKey, parentId) === undefined) {
      throw recordNotFound(parentDefinition?.displayName ?? 'Record', parentId);
    }
    return parentId;
  }

  function rowsOf(parentId: number | undefined): Array<Record<string, unknown>> {
    if (parentId === undefined) return store.list(storeKey);
    if (definition.parent?.field !== undefined) {
      return store.list(storeKey).filter((row) => parentIdOfRow(definition, row) === parentId);
    }
    return store.list(storeKey, parentId);
  }

  function findRow(params: Params): { row: Record<string, unknown>; id: number; parentId?: number } {
    const parentId = readParentId(params);
    const id = readId(params.id);
    const row = store.get(storeKey, id);
    const belongs = row !== undefined && (parentId === undefined || rowsOf(parentId).includes(row));
    if (row === undefined || !belongs) throw recordNotFound(definition.displayName, id);
    return { row, id, parentId };
  }

  function compile(query: Query): CompiledQuery {
    try {
      return compileQuery(
        {
          conditions: query.conditions,
          childConditions: query.childconditions,
          customFieldConditions: query.customfieldconditions,
          orderBy: query.orderby,
          fields: query.fields,
        },
        fieldCatalogOf(definition, apiVersion),
      );
    } catch (error) {
      // No capture of ConnectWise's answer to a bad conditions string exists; it is a 400 in CW's {code, message} shape.
      if (error instanceof QuerySyntaxError) throw badRequest(error.message);
      throw error;
    }
  }

  function memberOf(request: FastifyRequest) {
    return runtime.memberOf(request);
  }

  function afterWrite(
    action: 'added' | 'updated' | 'deleted',
    record: Record<string, unknown> | null,
    previous: Record<string, unknown> | undefined,
    memberIdentifier: string,
  ): void {
    definition.afterWrite?.({ action, record, previous, store, memberIdentifier });
  }

  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      const query = lowerCaseKeys(request.query);
      const parentId = readParentId(request.params as Params);
      const paging = readPageRequest(query, request.headers['pagination-type']);
      const compiled = compile(query);
      let rows = rowsOf(parentId).filter((row) => compiled.matches(row));
      const requestUrl = new URL(request.url, runtime.apiBaseOf(request, ''));
      let pageRows: Array<Record<string, unknown>>;
      if (paging.forwardOnly) {
        rows = rows.filter((row) => (row.id as number) > paging.pageId);
        pageRows = rows.slice(0, paging.pageSize);
        const last = pageRows[pageRows.length - 1];
        // ConnectWise's guide: "There will always be a link header in the response for the next pageId."
        const moreRows = rows.length > paging.pageSize || context.tenantRules.forwardOnlyLinkOnLastPage;
        if (moreRows && last !== undefined) {
          reply.header('Link', forwardOnlyLinkHeader(requestUrl, paging.pageSize, last.id as number));
        }
      } else {
        if (query.orderby !== undefined) rows = [...rows].sort((a, b) => compiled.compare(a, b));
        const lastPage = Math.max(1, Math.ceil(rows.length / paging.pageSize));
        pageRows = rows.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize);
        const link = navigableLinkHeader(requestUrl, paging.page, paging.pageSize, lastPage);
        if (link !== undefined) reply.header('Link', link);
      }
      const renderContext = renderContextOf(request);
      return pageRows.map((row) => compiled.project(renderRecord(definition, row, renderContext)));
    },

    async count(request: FastifyRequest) {
      const query = lowerCaseKeys(request.query);
      const parentId = readParentId(request.params as Params);
      const compiled = compile(query);
      let count = 0;
      for (const row of rowsOf(parentId)) if (compiled.matches(row)) count += 1;
      return { count };
    },

    async get(request: FastifyRequest) {
      const { row } = findRow(request.params as Params);
      const compiled = compile({ fields: lowerCaseKeys(request.query).fields });
      return compiled.project(renderRecord(definition, row, renderContextOf(request)));
    },

    async create(request: FastifyRequest, reply: FastifyReply) {
      const parentId = readParentId(request.params as Params);
      const member = memberOf(request);
      const record = buildRecord({
        definition,
        apiVersion,
        tenantRules: context.tenantRules,
        store,
        mode: 'create',
        body: request.body,
        parentId,
        member,
        nextElementId: runtime.nextElementId,
      });
      const stored = store.insert(
        storeKey,
        record,
        member.identifier,
        definition.parent?.field === undefined ? parentId : undefined,
      );
      afterWrite('added', stored, undefined, member.identifier);
      reply.code(201);
      return renderRecord(
        definition,
        store.get(storeKey, stored.id as number) ?? stored,
        renderContextOf(request),
      );
    },

    async replace(request: FastifyRequest) {
      const { row, id, parentId } = findRow(request.params as Params);
      const member = memberOf(request);
      const record = buildRecord({
        definition,
        apiVersion,
        tenantRules: context.tenantRules,
        store,
        mode: 'replace',
        body: request.body,
        previous: row,
        parentId,
        member,
        nextElementId: runtime.nextElementId,
      });
      const stored = store.replace(storeKey, id, record, member.identifier);
      afterWrite('updated', stored, row, member.identifier);
      return renderRecord(definition, stored, renderContextOf(request));
    },

    async patch(request: FastifyRequest) {
      const { row, id, parentId } = findRow(request.params as Params);
      const member = memberOf(request);
      const schema = resourceSchemaOf(definition, apiVersion);
      const patched = applyJsonPatch(row, request.body, (name) => {
        const field = schema.fieldByLowerName.get(name.toLowerCase());
        return field === undefined ? undefined : { name: field, writable: schema.writableFields.has(field) };
      });
      const record = buildRecord({
        definition,
        apiVersion,
        tenantRules: context.tenantRules,
        store,
        mode: 'patch',
        body: patched.document,
        previous: row,
        parentId,
        member,
        patchedFields: patched.touchedFields,
        nextElementId: runtime.nextElementId,
      });
      const stored = store.replace(storeKey, id, record, member.identifier);
      afterWrite('updated', stored, row, member.identifier);
      return renderRecord(definition, stored, renderContextOf(request));
    },

    async remove(request: FastifyRequest, reply: FastifyReply) {
      const { row, id } = findRow(request.params as Params);
      const member = memberOf(request);
      store.remove(storeKey, id, member.identifier);
      afterWrite('deleted', null, row, member.identifier);
      reply.code(204);
      return reply.send();
    },
  };
}
