import type { FastifyInstance, FastifyRequest, HTTPMethods, onRequestHookHandler } from 'fastify';
import { endpointNotFound, methodNotAllowed, recordNotFound } from '../http/connectwise-error.js';
import { applyJsonPatch } from '../patch/apply-json-patch.js';
import { storeKeyOf } from '../registry/index.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import { renderRecord } from '../render/render-record.js';
import { buildRecord } from '../validation/build-record.js';
import type { SandboxRuntime } from './sandbox-runtime.js';

/** A collection ConnectWise serves as its own endpoint but keeps inside a parent record's array field. */
export interface EmbeddedCollection {
  /** e.g. 'company/contacts/{parentId}/communications' */
  path: string;
  parent: ResourceDefinition;
  arrayField: string;
  displayName: string;
}

type Params = { parentId?: string; id?: string };
type Item = Record<string, unknown>;

function readId(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw endpointNotFound();
  return Number(raw);
}

/**
 * /company/contacts/{parentId}/communications: the contact's `communicationItems`, one by one. Every write goes
 * through the parent's own validation (types exist, one default per kind), as a change of the whole contact.
 */
export function registerEmbeddedCollection(
  app: FastifyInstance,
  collection: EmbeddedCollection,
  prefix: string,
  runtime: SandboxRuntime,
  authenticate: onRequestHookHandler,
): void {
  const { context } = runtime;
  const store = context.store;
  const parentKey = storeKeyOf(collection.parent);
  const apiVersion = context.options.apiVersion;

  function parentOf(params: Params): { parent: Item; parentId: number } {
    const parentId = readId(params.parentId);
    const parent = store.get(parentKey, parentId);
    if (parent === undefined) throw recordNotFound(collection.parent.displayName, parentId);
    return { parent, parentId };
  }

  function itemsOf(record: Item): Item[] {
    const items = record[collection.arrayField];
    return Array.isArray(items) ? (items as Item[]) : [];
  }

  function renderedItems(request: FastifyRequest, record: Item): Item[] {
    const rendered = renderRecord(collection.parent, record, {
      apiBase: runtime.apiBaseOf(request, prefix),
      apiVersion,
      store,
    });
    return itemsOf(rendered);
  }

  function indexOf(parent: Item, params: Params): number {
    const id = readId(params.id);
    const index = itemsOf(parent).findIndex((item) => item.id === id);
    if (index < 0) throw recordNotFound(collection.displayName, id);
    return index;
  }

  function saveItems(request: FastifyRequest, parent: Item, parentId: number, items: unknown[]): Item {
    const member = runtime.memberOf(request);
    const record = buildRecord({
      definition: collection.parent,
      apiVersion,
      tenantRules: runtime.context.tenantRules,
      store,
      mode: 'patch',
      body: { ...parent, [collection.arrayField]: items },
      previous: parent,
      member,
      patchedFields: new Set([collection.arrayField]),
      nextElementId: runtime.nextElementId,
    });
    const stored = store.replace(parentKey, parentId, record, member.identifier);
    collection.parent.afterWrite?.({
      action: 'updated',
      record: stored,
      previous: parent,
      store,
      memberIdentifier: member.identifier,
    });
    return stored;
  }

  const base = `${prefix}/${collection.path.replace('{parentId}', ':parentId')}`;
  const routes: Array<{
    url: string;
    handlers: Partial<Record<HTTPMethods, (request: FastifyRequest) => Promise<unknown>>>;
  }> = [
    {
      url: base,
      handlers: {
        GET: async (request) => {
          const { parent } = parentOf(request.params as Params);
          return renderedItems(request, parent);
        },
        POST: async (request) => {
          const { parent, parentId } = parentOf(request.params as Params);
          const sent = { ...(request.body as Item), id: undefined };
          const stored = saveItems(request, parent, parentId, [...itemsOf(parent), sent]);
          const known = new Set(itemsOf(parent).map((item) => item.id));
          return renderedItems(request, stored).find((item) => !known.has(item.id));
        },
      },
    },
    {
      url: `${base}/count`,
      handlers: {
        GET: async (request) => ({ count: itemsOf(parentOf(request.params as Params).parent).length }),
      },
    },
    {
      url: `${base}/:id`,
      handlers: {
        GET: async (request) => {
          const { parent } = parentOf(request.params as Params);
          return renderedItems(request, parent)[indexOf(parent, request.params as Params)];
        },
        PUT: async (request) => {
          const { parent, parentId } = parentOf(request.params as Params);
          const index = indexOf(parent, request.params as Params);
          const items: unknown[] = [...itemsOf(parent)];
          items[index] = { ...(request.body as Item), id: itemsOf(parent)[index]?.id };
          return renderedItems(request, saveItems(request, parent, parentId, items))[index];
        },
        PATCH: async (request) => {
          const { parent, parentId } = parentOf(request.params as Params);
          const index = indexOf(parent, request.params as Params);
          const current = itemsOf(parent)[index] ?? {};
          const patched = applyJsonPatch(current, request.body, (name) =>
            Object.hasOwn(current, name) ||
            ['type', 'value', 'extension', 'defaultFlag', 'communicationType'].includes(name)
              ? { name, writable: name !== 'id' }
              : undefined,
          );
          const items: unknown[] = [...itemsOf(parent)];
          items[index] = patched.document;
          return renderedItems(request, saveItems(request, parent, parentId, items))[index];
        },
        DELETE: async (request) => {
          const { parent, parentId } = parentOf(request.params as Params);
          const index = indexOf(parent, request.params as Params);
          saveItems(
            request,
            parent,
            parentId,
            itemsOf(parent).filter((_item, position) => position !== index),
          );
          return undefined;
        },
      },
    },
  ];
  for (const route of routes) {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HTTPMethods[]) {
      const handler = route.handlers[method];
      app.route({
        method,
        url: route.url,
        onRequest: authenticate,
        handler: async (request, reply) => {
          if (handler === undefined) throw methodNotAllowed(method);
          const answer = await handler(request);
          if (method === 'POST') reply.code(201);
          if (method === 'DELETE') return reply.code(204).send();
          return answer;
        },
      });
    }
  }
}
