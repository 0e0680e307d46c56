// ConnectWise callbacks whose signing-key URL is open (ConnectWise's cloud) or asks for the API member's
// authentication (a site behind its API login): cwsync reads the key either way, sends the instance's keys only to
// a key URL on the instance's own site that asked for them, and queues the pull. Over real HTTP: the sandbox signs
// and delivers the callbacks, and serves the key URL with or without authentication (fault switch
// callbackKeyNeedsAuth). On SQLite and PostgreSQL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callbackTargetOf, registerCallbacks } from '../../src/connectors/connectwise/index.js';
import { createCallbackReceiver } from '../../src/sync/callbacks/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

interface Delivery {
  rawBody: string;
  signature: string | undefined;
}

describe.each(databaseTargets())(
  'the callback signing key, open or behind authentication, on $name',
  (target) => {
    let world: SyncWorld;
    let listener: Server;
    const deliveries: Delivery[] = [];
    let companyId: number;

    beforeAll(async () => {
      world = await startSyncWorld(target);
      listener = createServer((request, response) => {
        let rawBody = '';
        request.on('data', (chunk: Buffer) => (rawBody += chunk.toString('utf8')));
        request.on('end', () => {
          const signature = request.headers['x-content-signature'];
          deliveries.push({ rawBody, signature: Array.isArray(signature) ? signature[0] : signature });
          response.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      const publicUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      await registerCallbacks(callbackTargetOf(await world.sync.runtimes.get(world.instanceId)), publicUrl);
      const company = (await world.cw.client.company.companies.create({
        site: { name: 'Main' },
        identifier: 'KEY-1',
        name: 'Keyholder Ltd',
        city: 'Tampa',
      })) as { id: number };
      companyId = company.id;
    });
    afterAll(async () => {
      await new Promise((resolve) => listener?.close(resolve));
      await world?.stop();
    });

    const setKeyNeedsAuth = async (on: boolean) => {
      const response = await fetch(`${world.cw.sandbox.url}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ callbackKeyNeedsAuth: on }),
      });
      expect(response.status).toBe(200);
    };
    /** A change made in ConnectWise's own screens, which the sandbox announces with a signed callback. */
    const deliveredAfterEdit = async (name: string): Promise<Delivery> => {
      const count = deliveries.length;
      const store = world.cw.sandbox.context.store;
      store.replace(
        'company/companies',
        companyId,
        { ...store.get('company/companies', companyId), name },
        'jsmith',
      );
      await vi.waitFor(() => expect(deliveries.length).toBeGreaterThan(count), { timeout: 5_000 });
      return deliveries.at(-1)!;
    };
    const keyUrlOf = (delivery: Delivery) =>
      (JSON.parse(delivery.rawBody) as { Metadata: { key_url: string } }).Metadata.key_url;
    const receiver = () =>
      createCallbackReceiver({
        instances: world.instances,
        definition: world.connector.definition,
        queue: world.queue,
      });

    it('reads an open key without credentials and queues the pull', async () => {
      await setKeyNeedsAuth(false);
      const delivery = await deliveredAfterEdit('Keyholder Ltd (open key)');
      expect((await fetch(keyUrlOf(delivery))).status).toBe(200);
      expect(await receiver().receive({ instanceId: world.instanceId, ...delivery })).toEqual({
        result: 'queued',
        module: 'accounts',
        recordId: String(companyId),
      });
    });

    it("reads a key behind authentication with the instance's own API keys and queues the pull", async () => {
      await setKeyNeedsAuth(true);
      const delivery = await deliveredAfterEdit('Keyholder Ltd (key behind auth)');
      expect((await fetch(keyUrlOf(delivery))).status).toBe(401);
      expect(await receiver().receive({ instanceId: world.instanceId, ...delivery })).toEqual({
        result: 'queued',
        module: 'accounts',
        recordId: String(companyId),
      });
    });

    it('without the instance keys at hand, a key behind authentication is a bad signature, not a crash', async () => {
      await setKeyNeedsAuth(true);
      const delivery = await deliveredAfterEdit('Keyholder Ltd (no keys)');
      const withoutKeys = createCallbackReceiver({
        instances: { get: (id: string) => world.instances.get(id) },
        definition: world.connector.definition,
        queue: world.queue,
      });
      expect(await withoutKeys.receive({ instanceId: world.instanceId, ...delivery })).toMatchObject({
        result: 'bad-signature',
      });
    });
  },
);
