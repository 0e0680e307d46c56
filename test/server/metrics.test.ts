// GET /metrics: Prometheus text with the runs, the records not in step, the links, the pull lag, the queue and
// the ConnectWise calls of a real sync against the sandbox.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../src/metrics/create-metrics.js';
import { buildServer } from '../../src/server/build-server.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const address = [{ address1: '1 Metric Way', city: 'Tampa', countryCode: 'US', isBilling: true }];

describe.each(databaseTargets())('GET /metrics on $name', (target) => {
  let world: SyncWorld;
  let app: FastifyInstance;
  let text: string;

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
      metrics: createMetricsRegistry({
        db: world.database.db,
        queue: world.queue,
        connectwiseCounters: world.sync.runtimes.connectwiseCounters,
      }),
    });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
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

  it('needs no token and says nothing secret', async () => {
    const credentials = await world.instances.credentialsOf(world.instanceId);
    expect(text).not.toContain(credentials.privateKey);
    expect(text).not.toContain(credentials.publicKey);
  });
});
