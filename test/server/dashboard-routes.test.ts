// The server serves the built dashboard at `/` (files as they are, index.html for the dashboard's own paths)
// without touching the API's answers, and GET /api/v1/connector gives the Mappings page the definition's tables.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import type { OpenAPI } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { hasDashboard } from '../../src/server/dashboard/serve-dashboard.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const indexHtml = '<!doctype html><title>cwsync</title><div id="root"></div>';

describe.each(databaseTargets())('the dashboard and the definition route on $name', (target) => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-web-'));
  let world: SyncWorld;
  let app: FastifyInstance;
  let token: string;

  beforeAll(async () => {
    mkdirSync(join(folder, 'assets'));
    writeFileSync(join(folder, 'index.html'), indexHtml);
    writeFileSync(join(folder, 'assets', 'index-abc.js'), 'console.log("dashboard")');
    world = await startSyncWorld(target);
    app = await buildServer({
      db: world.database.db,
      store: world.store,
      instances: world.instances,
      connector: world.connector,
      sync: world.sync,
      queue: world.queue,
      dashboardDir: folder,
    });
    token = (await createApiToken(world.database.db, 'dashboard')).token;
  });
  afterAll(async () => {
    await app?.close();
    await world?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves index.html at / and for the dashboard paths, and the built files as they are, with no token', async () => {
    for (const url of ['/', '/report', '/instances/demo/settings']) {
      const page = await app.inject({ url });
      expect({ url, status: page.statusCode, body: page.body }).toEqual({
        url,
        status: 200,
        body: indexHtml,
      });
      expect(page.headers['content-type']).toMatch(/^text\/html/);
    }
    const script = await app.inject({ url: '/assets/index-abc.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toBe('console.log("dashboard")');
  });

  it('keeps the API as it was: an unknown /api/ path is the JSON 404, API routes still need the token', async () => {
    const unknown = await app.inject({
      url: '/api/v1/no-such-route',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'route_not_found' });
    expect((await app.inject({ url: '/api/v1/instances' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/connector lists every module with its abilities and mapping rows as the definition has them', async () => {
    expect((await app.inject({ url: '/api/v1/connector' })).statusCode).toBe(401);
    const answer = await app.inject({
      url: '/api/v1/connector',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.statusCode).toBe(200);
    const body = answer.json() as {
      title: string;
      modules: Array<{
        name: string;
        bssEntity: string;
        abilities: unknown;
        push: { fields: Array<{ source: string; target: string; basis: string; expression: string }> } | null;
        pull: { fields: unknown[] } | null;
      }>;
      lookups: Array<{ name: string }>;
    };
    const definition = world.connector.definition;
    expect(body.title).toBe(definition.title);
    expect(body.modules.map((module) => module.name)).toEqual(Object.keys(definition.modules));
    for (const module of body.modules) {
      const declared = definition.modules[module.name]!;
      expect(module.bssEntity).toBe(declared.bssEntity);
      expect(module.abilities).toEqual(declared.abilities);
      expect(
        module.push?.fields.map((field) => [field.source, field.target, field.basis, field.expression]) ??
          null,
      ).toEqual(
        declared.push?.fields.map((field) => [field.source, field.target, field.basis, field.expression]) ??
          null,
      );
      expect(module.pull?.fields.length ?? null).toBe(declared.pull?.fields.length ?? null);
    }
    expect(body.lookups.map((lookup) => lookup.name)).toEqual(Object.keys(definition.lookups));
  });

  it('documents GET /api/v1/connector in a still valid OpenAPI document, without the dashboard paths', async () => {
    const answer = await app.inject({ url: '/api/v1/openapi.json' });
    const document = answer.json() as OpenAPI.Document & { paths: Record<string, Record<string, unknown>> };
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(Object.keys(document.paths['/api/v1/connector'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/'))).toEqual([]);
  });

  it('is not served when no dashboard was built: / is the JSON 404', async () => {
    expect(hasDashboard(join(folder, 'missing'))).toBe(false);
    const bare = await buildServer({ db: world.database.db, store: world.store });
    try {
      const answer = await bare.inject({ url: '/' });
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ error: 'route_not_found' });
    } finally {
      await bare.close();
    }
  });
});
