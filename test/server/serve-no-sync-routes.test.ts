// `serve --no-sync` is the API process of a scale-out installation: it serves the same routes as plain `serve`
// (the operator's API, the callbacks, /metrics with the queue depth) and only leaves the running of jobs to the
// `cwsync worker` processes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/index.js';
import { SecretBox } from '../../src/instances/secret-box.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { pullJobKind } from '../../src/sync/index.js';

async function startOn(folder: string, runSync: boolean): Promise<{ server: RunningServer; token: string }> {
  const databaseUrl = join(folder, `${runSync ? 'sync' : 'no-sync'}.db`);
  const server = await startServer({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    secrets: SecretBox.fromKey(randomBytes(32)),
    runSync,
  });
  const database = createDatabase(databaseUrl);
  const token = (await createApiToken(database.db, 'routes')).token;
  await database.destroy();
  return { server, token };
}

/** The router's whole route tree, as Fastify prints it: two servers with the same routes print the same tree. */
function routeTreeOf(server: RunningServer): string {
  return server.app.printRoutes({ commonPrefix: false, includeMeta: false });
}

describe('serve --no-sync on SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-no-sync-'));
  let withSync: RunningServer;
  let apiOnly: RunningServer;
  let token: string;

  beforeAll(async () => {
    withSync = (await startOn(folder, true)).server;
    ({ server: apiOnly, token } = await startOn(folder, false));
  });
  afterAll(async () => {
    await withSync?.stop();
    await apiOnly?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves every route plain serve serves: the operator API, runs, report, resync and callbacks', () => {
    expect(routeTreeOf(apiOnly)).toEqual(routeTreeOf(withSync));
    for (const [method, url] of [
      ['GET', '/api/v1/instances'],
      ['POST', '/api/v1/connectwise/callbacks/:instanceId'],
      ['GET', '/api/v1/runs'],
      ['GET', '/api/v1/report'],
      ['POST', '/api/v1/report/resync'],
      ['GET', '/metrics'],
      ['GET', '/ready'],
    ] as const) {
      expect(apiOnly.app.hasRoute({ method, url }), `${method} ${url}`).toBe(true);
    }
  });

  it('answers the operator routes, and leaves queued jobs to the workers while /metrics shows them', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const instances = await fetch(`${apiOnly.url}/api/v1/instances`, { headers });
    expect(instances.status).toBe(200);
    const report = await fetch(`${apiOnly.url}/api/v1/report`, { headers });
    expect(report.status).toBe(200);

    await apiOnly.sync.queue.enqueue({
      kind: pullJobKind,
      instanceId: 'i1',
      module: 'accounts',
      recordId: '7',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // an embedded runner would have claimed it by now
    const metrics = await (await fetch(`${apiOnly.url}/metrics`, { headers })).text();
    expect(metrics).toContain(`cwsync_queue_jobs{kind="${pullJobKind}",state="waiting"} 1`);
    expect(metrics).toContain('cwsync_sync_runs');
  });
});
