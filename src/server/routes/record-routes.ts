import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BssRecord, EntitySchema } from '../../bss/records/index.js';
import {
  InvalidQueryError,
  RecordNotFoundError,
  maxPageSize,
  type RecordStore,
  type WriteContext,
} from '../../bss/store/index.js';
import { describeZodIssues } from '../../errors/index.js';
import { etagOf, expectedVersionOf } from '../expected-version.js';
import { errorBody, errorResponses, idParams, versionHeaders } from '../response-schemas.js';

const filterValue = z
  .string()
  .max(1000)
  .refine((value) => !value.includes('\u0000'), {
    message: 'must not contain the NUL character',
    params: { rule: 'noNulCharacter' },
  });

export function listQuerySchema(schema: EntitySchema) {
  return z.strictObject({
    after: z.string().optional().describe('The nextCursor of the previous page.'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxPageSize)
      .optional()
      .describe(`1..${maxPageSize}, default 50.`),
    ...Object.fromEntries(
      schema.filters.map((filter) => [
        filter.name,
        filterValue.optional().describe(`Exact match on ${filter.path}.`),
      ]),
    ),
  });
}

/** Parses what a client put in the URL; every problem becomes one issue of a 400. */
export function parseRequestPart<T>(part: z.ZodType<T>, value: unknown, subject: string): T {
  const result = part.safeParse(value ?? {});
  if (!result.success) throw new InvalidQueryError(describeZodIssues(result.error.issues, value, subject));
  return result.data;
}

function idOf(request: FastifyRequest): string {
  return parseRequestPart(idParams, request.params, 'the path').id;
}

function writeContextOf(request: FastifyRequest, expectedVersion?: number): WriteContext {
  return {
    origin: 'api',
    ...(request.tokenName !== undefined ? { actor: `token:${request.tokenName}` } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  };
}

function sendRecord(reply: FastifyReply, status: number, record: BssRecord): FastifyReply {
  return reply.status(status).header('etag', etagOf(record.version)).send(record);
}

/** GET (list, one), POST, PUT, PATCH and DELETE for one entity under `/api/v1/<entity>`. */
export function registerRecordRoutes(app: FastifyInstance, store: RecordStore, schema: EntitySchema): void {
  const base = `/api/v1/${schema.name}`;
  const listQuery = listQuerySchema(schema);
  const tags = [schema.kind === 'lookup' ? 'lookups' : schema.name];
  const label = schema.described.replace(/^an? /, '');
  const recordResponse = schema.record.describe(`The ${label}.`);
  const patchBody = z.object(schema.input.shape).partial();

  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${schema.name}`,
        operationId: `list-${schema.name}`,
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(schema.record), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { after, limit, ...filters } = parseRequestPart(listQuery, request.query, 'this query');
      const definedFilters = Object.fromEntries(
        Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      const page = await store.list(schema.name, {
        filters: definedFilters,
        ...(after !== undefined ? { after } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      if (page.nextCursor !== null) {
        const next = new URLSearchParams({
          ...definedFilters,
          after: page.nextCursor,
          limit: String(limit ?? 50),
        });
        reply.header('link', `<${base}?${next.toString()}>; rel="next"`);
      }
      return page;
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Read one ${label}`,
        operationId: `get-${schema.name}`,
        params: idParams,
        response: { 200: recordResponse, 404: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = idOf(request);
      const record = await store.get(schema.name, id);
      if (record === undefined) throw new RecordNotFoundError(schema.name, id);
      return sendRecord(reply, 200, record);
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Create ${schema.described} (the id is generated when the body has none)`,
        operationId: `create-${schema.name}`,
        body: schema.input,
        response: { 201: recordResponse, 409: errorBody, 422: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await store.create(schema.name, request.body, writeContextOf(request));
      return sendRecord(reply.header('location', `${base}/${record.id}`), 201, record);
    },
  );

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Create or replace ${schema.described} by the BSS's own id`,
        operationId: `put-${schema.name}`,
        params: idParams,
        headers: versionHeaders,
        body: schema.input,
        response: {
          200: recordResponse,
          201: recordResponse,
          409: errorBody,
          422: errorBody,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const id = idOf(request);
      const { record, created } = await store.upsert(
        schema.name,
        id,
        request.body,
        writeContextOf(request, expectedVersionOf(request)),
      );
      return sendRecord(reply, created ? 201 : 200, record);
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change some fields of ${schema.described} (JSON Merge Patch: null removes a field)`,
        operationId: `patch-${schema.name}`,
        params: idParams,
        headers: versionHeaders,
        body: patchBody,
        response: { 200: recordResponse, 404: errorBody, 409: errorBody, 422: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = idOf(request);
      const record = await store.update(
        schema.name,
        id,
        request.body,
        writeContextOf(request, expectedVersionOf(request)),
      );
      return sendRecord(reply, 200, record);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Delete ${schema.described} (refused while other records refer to it)`,
        operationId: `delete-${schema.name}`,
        params: idParams,
        headers: versionHeaders,
        response: { 204: z.null().describe('Deleted.'), 404: errorBody, 409: errorBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = idOf(request);
      await store.remove(schema.name, id, writeContextOf(request, expectedVersionOf(request)));
      return reply.status(204).send();
    },
  );
}
