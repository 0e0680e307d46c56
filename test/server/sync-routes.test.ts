// Starting a sync and following its runs through the API (over real HTTP too), and the OpenAPI document with
// the operator's routes in it; against the sandbox, on both databases.
import SwaggerParser from '@apidevtools/swagger-parser';
import type { AddressInfo } from 'node:net';
import type { OpenAPI } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { useConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import type { SyncWorld } from '../support/sync-world.js';
import { upsertAccount } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('sync routes on $name', (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  useConnectorApi(target, (started) => ({ world, server } = started));

  const issuesOf = (body: { issues: Array<{ path: string; rule: string }> }) =>
    body.issues.map((issue) => `${issue.path} ${issue.rule}`);

  it('a sync through the API pushes the records, and its run shows live, then final, counts', async () => {
    for (const id of ['SY-1', 'SY-2']) {
      await upsertAccount(world.store, id, { name: `Synced ${id}` });
    }
    await world.store.upsert('account-types', 'orphan', { name: 'Orphan' }, api);
    await upsertAccount(world.store, 'SY-3', { name: 'Unmapped type', type: { id: 'orphan' } });
    const started = await server.call({
      method: 'POST',
      url: '/api/v1/instances/sandbox/sync',
      payload: { module: 'accounts', direction: 'push' },
    });
    expect(started.statusCode).toBe(202);
    const { runIds } = started.json() as { runIds: string[] };
    expect(runIds).toHaveLength(1);

    const running = await server.call({ method: 'GET', url: `/api/v1/runs/${runIds[0]}` });
    expect(running.json()).toMatchObject({
      id: runIds[0],
      instanceId: 'sandbox',
      module: 'accounts',
      direction: 'push',
      trigger: 'manual',
      status: 'running',
      expected: 3,
      done: 0,
      counts: { created: 0, failed: 0 },
    });

    await world.drain({ feed: false });
    const live = await server.call({ method: 'GET', url: `/api/v1/runs/${runIds[0]}` });
    expect(live.json()).toMatchObject({ done: 3, counts: { created: 2, failed: 1 } });
    await world.sync.settleRuns();
    const finished = await server.call({ method: 'GET', url: `/api/v1/runs/${runIds[0]}` });
    expect(finished.json()).toMatchObject({
      status: 'failed',
      counts: { created: 2, failed: 1, updated: 0 },
      finishedAt: expect.any(String),
    });
    expect(finished.json()).not.toHaveProperty('done');

    const company = await world.cw.client.company.companies.page({
      conditions: where('identifier', '=', 'SY-1'),
    });
    expect(company.items).toEqual([expect.objectContaining({ name: 'Synced SY-1' })]);

    const listed = await server.call({ method: 'GET', url: '/api/v1/runs?instance=Sandbox&module=accounts' });
    expect(listed.json().items[0]).toMatchObject({ id: runIds[0], status: 'failed' });
    const otherModule = await server.call({ method: 'GET', url: '/api/v1/runs?module=contacts' });
    expect(otherModule.json().items).toEqual([]);
  });

  it('starts one run per module and direction asked for', async () => {
    const response = await server.call({
      method: 'POST',
      url: '/api/v1/instances/sandbox/sync',
      payload: { direction: 'push' },
    });
    expect(response.statusCode).toBe(202);
    const runs = await Promise.all(
      (response.json().runIds as string[]).map(
        async (id) => (await server.call({ method: 'GET', url: `/api/v1/runs/${id}` })).json().module,
      ),
    );
    expect(runs.sort()).toEqual([...world.connector.modules.keys()].sort());
    await world.drain({ feed: false });
    await world.sync.settleRuns();
  });

  it('refuses a bad sync request or run lookup with the field and the rule', async () => {
    const unknownModule = await server.call({
      method: 'POST',
      url: '/api/v1/instances/sandbox/sync',
      payload: { module: 'spaceships', direction: 'sideways' },
    });
    expect(unknownModule.statusCode).toBe(400);
    expect(issuesOf(unknownModule.json())).toEqual(['direction enum']);
    const unknownOnly = await server.call({
      method: 'POST',
      url: '/api/v1/instances/sandbox/sync',
      payload: { module: 'spaceships' },
    });
    expect(issuesOf(unknownOnly.json())).toEqual(['module knownModule']);
    const nowhere = await server.call({ method: 'POST', url: '/api/v1/instances/nowhere/sync' });
    expect(nowhere.statusCode).toBe(404);

    const runId = await server.call({ method: 'GET', url: '/api/v1/runs/first' });
    expect(runId.statusCode).toBe(400);
    expect(issuesOf(runId.json())).toEqual(['id pattern']);
    expect((await server.call({ method: 'GET', url: '/api/v1/runs/987654321' })).statusCode).toBe(404);
    const limit = await server.call({ method: 'GET', url: '/api/v1/runs?limit=0&colour=red' });
    expect(issuesOf(limit.json()).sort()).toEqual(['colour unknownField', 'limit minimum']);
  });

  it('will not start a sync of a switched-off instance (409)', async () => {
    await server.call({ method: 'PATCH', url: '/api/v1/instances/sandbox', payload: { enabled: false } });
    const refused = await server.call({ method: 'POST', url: '/api/v1/instances/sandbox/sync' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'instance_disabled' });
    await server.call({ method: 'PATCH', url: '/api/v1/instances/sandbox', payload: { enabled: true } });
  });

  it('answers over real HTTP with the bearer token', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/v1/runs?limit=1`;
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('keeps the OpenAPI document valid, with every operator route in it', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = response.json() as OpenAPI.Document & { paths: Record<string, Record<string, unknown>> };
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/v1/instances',
        'POST /api/v1/instances',
        'GET /api/v1/instances/{id}',
        'PATCH /api/v1/instances/{id}',
        'DELETE /api/v1/instances/{id}',
        'POST /api/v1/instances/{id}/test-connection',
        'GET /api/v1/instances/{id}/lookup-options/{lookup}',
        'GET /api/v1/instances/{id}/settings',
        'GET /api/v1/instances/{id}/lookups',
        'PUT /api/v1/instances/{id}/lookups/{lookup}/{internalId}',
        'DELETE /api/v1/instances/{id}/lookups/{lookup}/{internalId}',
        'GET /api/v1/report',
        'POST /api/v1/report/resync',
        'POST /api/v1/report/unlink',
        'GET /api/v1/records/{module}/{recordId}/comparison',
        'GET /api/v1/runs',
        'GET /api/v1/runs/{id}',
        'POST /api/v1/instances/{id}/sync',
      ]),
    );
  });
});
