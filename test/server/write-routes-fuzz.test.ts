// Fuzz: random JSON shapes, depths, sizes, encodings (bytes that are not UTF-8, lone surrogates, a byte-order mark,
// prototype keys), content types and headers thrown at every write route — the BSS records API and the operator's
// (instances, lookups, report, sync, webhooks). Whatever arrives: never a 5xx; every 4xx says what is wrong (a 400,
// 413 or 415 lists issues naming a field or the body); a refused request writes nothing to any table.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityNames, type EntityName } from '../../src/bss/records/index.js';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { createCallbackReceiver } from '../../src/sync/callbacks/index.js';
import { sampleInputs, seedSampleRecords } from '../support/bss-records.js';
import { databaseTargets, type DatabaseTarget } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface WriteRoute {
  method: Method;
  /** the path, from path parameters the fuzzer picks */
  path: (ids: PathIds) => string;
  /** a body the route takes, for mutations close to what it expects */
  sample: Record<string, unknown>;
  /**
   * ConnectWise's callbacks answer ConnectWise, not a person: a refusal's message names the problem, without
   * `issues`
   */
  messageOnly?: boolean;
}

interface PathIds {
  record: string;
  instance: string;
  lookup: string;
  internalId: string;
  webhook: string;
}

const operatorSample = {
  name: 'Fuzz',
  siteUrl: 'https://na.myconnectwise.net',
  companyId: 'fuzz',
  publicKey: 'public',
  privateKey: 'private',
  clientId: '8e2d4b1c-2f4e-4f6a-9a55-0c7f1e3f9d10',
  url: 'https://example.com/hook',
  entities: ['accounts'],
  instanceId: 'sandbox',
  items: [{ module: 'accounts', recordId: 'sample-account', direction: 'push' }],
  module: 'accounts',
  recordId: 'sample-account',
  direction: 'push',
  integrationId: '1',
  codebase: 'v4_6_release/',
};

const writeRoutes: WriteRoute[] = [
  ...entityNames.flatMap((entity: EntityName): WriteRoute[] => {
    const sample = sampleInputs[entity];
    return [
      { method: 'POST', path: () => `/api/v1/${entity}`, sample },
      { method: 'PUT', path: (ids) => `/api/v1/${entity}/${ids.record}`, sample },
      { method: 'PATCH', path: (ids) => `/api/v1/${entity}/${ids.record}`, sample },
      { method: 'DELETE', path: (ids) => `/api/v1/${entity}/${ids.record}`, sample },
    ];
  }),
  { method: 'POST', path: () => '/api/v1/webhooks', sample: operatorSample },
  { method: 'DELETE', path: (ids) => `/api/v1/webhooks/${ids.webhook}`, sample: operatorSample },
  { method: 'POST', path: (ids) => `/api/v1/webhooks/${ids.webhook}/reactivate`, sample: operatorSample },
  { method: 'POST', path: () => '/api/v1/instances', sample: operatorSample },
  { method: 'PATCH', path: (ids) => `/api/v1/instances/${ids.instance}`, sample: operatorSample },
  { method: 'DELETE', path: (ids) => `/api/v1/instances/${ids.instance}`, sample: operatorSample },
  {
    method: 'POST',
    path: (ids) => `/api/v1/instances/${ids.instance}/test-connection`,
    sample: { codebase: 'v4_6_release/' },
  },
  { method: 'POST', path: (ids) => `/api/v1/instances/${ids.instance}/sync`, sample: operatorSample },
  {
    method: 'PUT',
    path: (ids) => `/api/v1/instances/${ids.instance}/lookups/${ids.lookup}/${ids.internalId}`,
    sample: operatorSample,
  },
  {
    method: 'DELETE',
    path: (ids) => `/api/v1/instances/${ids.instance}/lookups/${ids.lookup}/${ids.internalId}`,
    sample: operatorSample,
  },
  { method: 'POST', path: () => '/api/v1/report/resync', sample: operatorSample },
  { method: 'POST', path: () => '/api/v1/report/unlink', sample: operatorSample },
  {
    method: 'POST',
    path: (ids) => `/api/v1/connectwise/callbacks/${ids.instance}`,
    sample: { Action: 'updated', Type: 'company', ID: 250, MemberId: 1 },
    messageOnly: true,
  },
];

/** Text with what breaks parsers: lone surrogates, NUL, U+FFFD, a byte-order mark, quotes and backslashes. */
const awkwardText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\ud800', '\udfff', '\u0000', '\ufffd', '\ufeff', '"', '\\', '😀', 'é'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});
const awkwardJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    awkwardText,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(awkwardText, fc.constantFrom('__proto__', 'constructor', 'id', 'name')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** An object close to what the route takes, with a few fields replaced by anything at all. */
const mutatedSample = (sample: Record<string, unknown>) =>
  fc
    .array(fc.tuple(fc.constantFrom(...Object.keys(sample), 'unknownField', '__proto__'), awkwardJson), {
      maxLength: 3,
    })
    .map((changes) => {
      const body: Record<string, unknown> = { ...sample };
      for (const [key, value] of changes)
        Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
      return body;
    });

function withoutId(sample: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = sample;
  return rest;
}

const nested = (depth: number, inner: string, kind: 'array' | 'object') =>
  kind === 'array'
    ? '['.repeat(depth) + inner + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + inner + '}'.repeat(depth);

/** A request body as bytes: JSON of many shapes, broken or hostile on purpose. */
const bodyFor = (route: WriteRoute): fc.Arbitrary<string | Buffer> =>
  fc.oneof(
    { arbitrary: fc.constant(JSON.stringify(withoutId(route.sample))), weight: 2 },
    { arbitrary: mutatedSample(route.sample).map((body) => JSON.stringify(body)), weight: 4 },
    awkwardJson.map((value) => JSON.stringify(value) ?? 'null'),
    mutatedSample(route.sample).map((body) => `\ufeff${JSON.stringify(body)}`),
    fc
      .tuple(fc.integer({ min: 1, max: 6000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([depth, kind]) => `{"name":${nested(depth, '1', kind)}}`),
    fc
      .tuple(fc.integer({ min: 1, max: 6000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([depth, kind]) => nested(depth, '{}', kind)),
    fc
      .tuple(mutatedSample(route.sample), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([body, bytes]) => {
        const text = JSON.stringify({ ...body, name: 'BYTES' });
        const [before, after] = text.split('BYTES') as [string, string];
        return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
      }),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ maxLength: 60 }),
    fc.constant(''),
    fc.integer({ min: 1, max: 1_200_000 }).map((size) => JSON.stringify({ name: 'x'.repeat(size) })),
  );

const pathId = (...known: string[]) =>
  fc.oneof(
    fc.constantFrom(...known),
    fc.string({ minLength: 1, maxLength: 70 }).map((id) => encodeURIComponent(id)),
    awkwardText
      .filter((id) => id.length > 0)
      .map((id) => encodeURIComponent(id.replace(/[\ud800-\udfff]/g, 'x'))),
  );

const pathIds: fc.Arbitrary<PathIds> = fc.record({
  record: pathId('sample-account', 'sample-type', 'sample-eur', 'fuzz-new-1', 'sample-invoice'),
  instance: pathId('sandbox', 'Sandbox'),
  lookup: pathId('AccountType', 'Currency'),
  internalId: pathId('customer', 'USD'),
  webhook: pathId('00000000-0000-4000-8000-000000000000'),
});

const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/merge-patch+json'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/json;;;',
      'application/vnd.api+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
    ),
    weight: 2,
  },
);

const extraHeaders = fc.record(
  {
    'if-match': fc.oneof(
      fc.constantFrom('"1"', '1', 'W/"2"', '*', '"0"', '"99999999999999999999"'),
      fc.string(),
    ),
    'content-encoding': fc.constantFrom('gzip', 'identity', 'x-nope'),
    'accept-charset': fc.string({ maxLength: 10 }),
  },
  { requiredKeys: [] },
);

/** The application's tables: on PostgreSQL those of this suite's own schema (other suites have theirs). */
async function tablesOf(world: SyncWorld, target: DatabaseTarget): Promise<string[]> {
  const names =
    target.name === 'postgres'
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema()`.execute(world.database.db)
        ).rows.map((row) => row.name)
      : (await world.database.db.introspection.getTables()).map((table) => table.name);
  return names.filter((name) => !name.startsWith('kysely_')).sort();
}

/** Rows of every table, hashed: what a refused request must leave exactly as it was. */
async function fingerprint(world: SyncWorld, tables: readonly string[]): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for (const table of tables) {
    const rows = await world.database.db
      .selectFrom(table as never)
      .selectAll()
      .execute();
    const lines = rows
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      )
      .sort();
    prints[table] = createHash('sha256').update(lines.join('\n')).digest('hex');
  }
  return prints;
}

/** Whether a refusal says what is wrong: a 400, 413 or 415 lists issues each naming a path (`''`: the body). */
function explainsItself(status: number, body: Record<string, unknown>, messageOnly = false): boolean {
  if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message === '') return false;
  if (!messageOnly && (status === 400 || status === 413 || status === 415)) {
    const issues = body.issues as Array<Record<string, unknown>> | undefined;
    return (
      Array.isArray(issues) &&
      issues.length > 0 &&
      issues.every((issue) => typeof issue.path === 'string' && typeof issue.rule === 'string')
    );
  }
  return true;
}

describe.each(databaseTargets())('every write route under fuzz on $name', (target) => {
  let world: SyncWorld;
  let app: FastifyInstance;
  let call: (request: InjectOptions) => Promise<LightMyRequestResponse>;
  let tables: string[];
  beforeAll(async () => {
    world = await startSyncWorld(target);
    tables = await tablesOf(world, target);
    await seedSampleRecords(world.store);
    // Every signature passes, so callback bodies get as far as a signed one would.
    const callbacks = createCallbackReceiver({
      instances: world.instances,
      definition: world.connector.definition,
      queue: world.queue,
      verifier: { verify: () => Promise.resolve(true) },
    });
    app = await buildServer({
      db: world.database.db,
      store: world.store,
      instances: world.instances,
      connector: world.connector,
      sync: world.sync,
      queue: world.queue,
      callbacks,
    });
    const { token } = await createApiToken(world.database.db, 'fuzz');
    call = (request) =>
      app.inject({ ...request, headers: { authorization: `Bearer ${token}`, ...request.headers } });
  });
  afterAll(async () => {
    await app?.close();
    await world?.stop();
  });

  it('answers no 5xx, explains every 4xx and writes nothing when it refuses', async () => {
    const request = fc.constantFrom(...writeRoutes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        ids: pathIds,
        body: bodyFor(route),
        contentType,
        headers: extraHeaders,
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ route, ids, body, contentType, headers }) => {
        const before = await fingerprint(world, tables);
        const response = await call({
          method: route.method,
          url: route.path(ids),
          headers: { ...headers, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
          payload: body,
        });
        const summary = `${route.method} ${route.path(ids)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, summary).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(explainsItself(response.statusCode, response.json(), route.messageOnly), summary).toBe(true);
          expect(await fingerprint(world, tables), summary).toEqual(before);
        }
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 250),
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      },
    );
  }, 120_000);
});
