// GET /metrics: Prometheus text with the runs, the records not in step, the links, the pull lag, the queue and
// the ConnectWise calls of a real sync against the sandbox.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../src/metrics/create-metrics.js';
import { createApiToken, revokeApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const address = [{ address1: '1 Metric Way', city: 'Tampa', countryCode: 'US', isBilling: true }];

describe.each(databaseTargets())('GET /metrics on $name', (target) => {
  let world: SyncWorld;
  let app: FastifyInstance;
  let text: string;
  let apiToken: string;
  const metricsToken = 'prometheus-scrape-token-0123456789';
  const registry = () =>
    createMetricsRegistry({
      db: world.database.db,
      queue: world.queue,
      connectwiseCounters: world.sync.runtimes.connectwiseCounters,
    });
  const scrape = (server: FastifyInstance, token?: string) =>
    server.inject({
      method: 'GET',
      url: '/metrics',
      ...(token !== undefined ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });

  const sample = (name: string, labels: Record<string, string>): number | undefined => {
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`)) continue;
      const labelText = line.slice(name.length + 1, line.indexOf('}'));
      if (wanted.every((pair) => labelText.split(',').includes(pair))) return Number(line.split(' ').pop());
    }
    return undefined;
  };

  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.store.upsert('account-types', 'reseller', { name: 'Reseller' }, { origin: 'api' });
    await world.store.upsert(
      'accounts',
      'MET-1',
      { name: 'Metrics One', type: { id: 'customer' }, currency: { id: 'USD' }, addresses: address },
      { origin: 'api' },
    );
    await world.store.upsert(
      'accounts',
      'MET-2',
      { name: 'Metrics Two', type: { id: 'reseller' }, currency: { id: 'USD' }, addresses: address },
      { origin: 'api' },
    );
    await world.drain();
    await world.sync.startRuns({ instanceId: world.instanceId, module: 'accounts' });
    await world.drain({ feed: false });
    await world.sync.settleRuns();
    app = await buildServer({
      db: world.database.db,
      store: world.store,
      metrics: registry(),
      metricsAccess: { token: metricsToken },
    });
    apiToken = (await createApiToken(world.database.db, 'metrics-reader')).token;
    const response = await scrape(app, apiToken);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    text = response.body;
  });
  afterAll(async () => {
    await app?.close();
    await world?.stop();
  });

  it('counts the runs by status and the records not in step by outcome', () => {
    const runs = ['push', 'pull'].map(
      (direction) =>
        sample('cwsync_sync_runs', {
          instance: 'sandbox',
          module: 'accounts',
          direction,
          status: 'failed',
        }) ?? 0,
    );
    expect(runs[0]).toBe(1); // the push run: MET-2's type is not mapped
    expect(
      sample('cwsync_records_not_in_step', {
        instance: 'sandbox',
        module: 'accounts',
        direction: 'push',
        outcome: 'failed',
      }),
    ).toBe(1);
  });

  it('counts the links, and the pull lag once a poll has run', () => {
    expect(sample('cwsync_linked_records', { instance: 'sandbox', entity: 'accounts' })).toBe(1);
    const lag = sample('cwsync_pull_lag_seconds', { instance: 'sandbox', module: 'accounts' });
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(120);
  });

  it("counts this process's ConnectWise answers by status, and shows the queue", () => {
    expect(
      sample('cwsync_connectwise_requests_total', { instance: 'sandbox', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample('cwsync_connectwise_requests_total', { instance: 'sandbox', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample('cwsync_connectwise_rate_limited_total', { instance: 'sandbox' })).toBe(0);
    expect(text).toMatch(/^# TYPE cwsync_queue_jobs gauge$/m);
    expect(text).toMatch(/^cwsync_process_resident_memory_bytes \d+/m);
  });

  it('answers 401 without a token or with a wrong or revoked one; takes an API token or the metrics token', async () => {
    const refused = await scrape(app);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="cwsync metrics"');
    expect(refused.body).not.toContain('sandbox');
    expect((await scrape(app, 'not-a-token')).statusCode).toBe(401);
    expect((await scrape(app, `${metricsToken}x`)).statusCode).toBe(401);
    expect((await scrape(app, metricsToken)).statusCode).toBe(200);
    const revoked = await createApiToken(world.database.db, 'revoked-reader');
    expect((await scrape(app, revoked.token)).statusCode).toBe(200);
    await revokeApiToken(world.database.db, revoked.summary.id);
    expect((await scrape(app, revoked.token)).statusCode).toBe(401);
  });

  it('is open to anyone who reaches it when the operator says so (CWSYNC_METRICS_AUTH=none)', async () => {
    const open = await buildServer({
      db: world.database.db,
      store: world.store,
      metrics: registry(),
      metricsAccess: { open: true },
    });
    try {
      expect((await scrape(open)).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('says nothing secret', async () => {
    const credentials = await world.instances.credentialsOf(world.instanceId);
    expect(text).not.toContain(credentials.privateKey);
    expect(text).not.toContain(credentials.publicKey);
  });
});
