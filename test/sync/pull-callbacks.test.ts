// ConnectWise callbacks end to end: registered once per instance, delivered by the sandbox over real HTTP to the
// server's callback route, signature-checked, turned into pull jobs; duplicates and late ones change nothing.
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { signCallbackBody } from '../../src/sandbox/callbacks/sign-callback-body.js';
import { buildServer } from '../../src/server/build-server.js';
import {
  callbackTargetOf,
  callbackUrlOf,
  registerCallbacks,
  registerInstanceCallbacks,
  unregisterCallbacks,
} from '../../src/connectors/connectwise/index.js';
import { createCallbackReceiver, type CallbackResult } from '../../src/sync/callbacks/index.js';
import type { InstanceRuntime } from '../../src/sync/index.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';

const api = { origin: 'api' as const };

/** ConnectWise stamps lastUpdated to the second: a change meant to look newer must land in a later second. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_005 - (Date.now() % 1_000)));

interface Delivered {
  rawBody: string;
  signature: string | undefined;
  result: CallbackResult;
}

describe.each(databaseTargets())('ConnectWise callbacks on $name', (target) => {
  let world: SyncWorld;
  let server: FastifyInstance;
  let publicUrl: string;
  let runtime: InstanceRuntime;
  const delivered: Delivered[] = [];

  beforeAll(async () => {
    world = await startSyncWorld(target);
    const receiver = createCallbackReceiver({
      instances: world.instances,
      definition: world.connector.definition,
      queue: world.queue,
    });
    server = await buildServer({
      db: world.database.db,
      store: world.store,
      callbacks: {
        async receive(delivery) {
          const result = await receiver.receive(delivery);
          const signature = delivery.signature;
          delivered.push({ rawBody: delivery.rawBody, signature: signature?.toString(), result });
          return result;
        },
      },
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    publicUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    runtime = await world.sync.runtimes.get(world.instanceId);
    await world.drain({ feed: false }); // starts the queue
  });
  afterAll(async () => {
    await server?.close();
    await world?.stop();
  });

  const callbackUrl = () => `${publicUrl}/api/v1/connectwise/callbacks/${world.instanceId}`;
  const entries = async () => (await world.cw.client.system.callbacks.page({ pageSize: 100 })).items;
  /** What a person does in ConnectWise's own screens: a change by another member than cwsync's API member. */
  const editInConnectWise = (resource: string, id: number, changes: Record<string, unknown>) => {
    const store = world.cw.sandbox.context.store;
    store.replace(resource, id, { ...store.get(resource, id), ...changes }, 'jsmith');
  };
  /** Waits for the sandbox to deliver `count` callbacks in all, then for the queue to run what they queued. */
  const settle = async (count: number) => {
    await vi.waitFor(() => expect(delivered).toHaveLength(count), { timeout: 5_000 });
    await world.drain({ feed: false });
  };
  const post = (body: string, headers: Record<string, string>, instanceId = world.instanceId) =>
    fetch(`${publicUrl}/api/v1/connectwise/callbacks/${instanceId}?recordId=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  /** A callback body ConnectWise could have sent, signed with the sandbox's published key. */
  const signed = async (changes: Record<string, unknown>) => {
    const original = JSON.parse(delivered[0]!.rawBody) as { Metadata: { key_url: string } };
    const key = ((await (await fetch(original.Metadata.key_url)).json()) as { signing_key: string })
      .signing_key;
    const body = JSON.stringify({ ...original, ...changes });
    return { body, signature: signCallbackBody(body, key) };
  };

  it('registers one owner-level callback per pulled record type, once, and removes them again', async () => {
    const first = await registerCallbacks(callbackTargetOf(runtime), publicUrl);
    expect(first.url).toBe(`${callbackUrl()}?recordId=`);
    expect(first.url).toBe(callbackUrlOf(`${publicUrl}/`, world.instanceId));
    expect(first.created.map((entry) => entry.type).sort()).toEqual(['company', 'contact']);
    const again = await registerCallbacks(callbackTargetOf(runtime), publicUrl);
    expect(again.created).toEqual([]);
    expect(again.kept.map((entry) => entry.id).sort()).toEqual(first.created.map((entry) => entry.id).sort());
    expect(await entries()).toHaveLength(2);
    for (const entry of await entries()) {
      expect(entry).toMatchObject({
        url: first.url,
        level: 'owner',
        objectId: 1,
        isSelfSuppressedFlag: true,
      });
    }
    expect((await unregisterCallbacks(callbackTargetOf(runtime), publicUrl)).length).toBe(2);
    expect(await entries()).toEqual([]);

    // what `serve` does at start for every enabled instance
    const registered = await registerInstanceCallbacks({
      instances: world.instances,
      connector: world.connector,
      publicUrl,
    });
    expect([...registered.keys()]).toEqual([world.instanceId]);
    expect(registered.get(world.instanceId)?.created).toHaveLength(2);
    expect(await entries()).toHaveLength(2);
  });

  it('a company changed in ConnectWise is pulled at once; what cwsync itself writes is not called back', async () => {
    // cwsync's own API member makes it: the self-suppressed callback stays silent
    const company = await world.cw.client.company.companies.create({
      identifier: 'HOOK-1',
      name: 'Hooked Inc',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    await nextSecond();
    editInConnectWise('company/companies', company.id, { name: 'Hooked Incorporated' });
    await settle(1);
    expect(JSON.parse(delivered[0]!.rawBody)).toMatchObject({ Action: 'updated', Type: 'company' });
    expect(delivered[0]!.result).toEqual({
      result: 'queued',
      module: 'accounts',
      recordId: String(company.id),
    });
    expect(await world.store.get('accounts', 'HOOK-1')).toMatchObject({
      name: 'Hooked Incorporated',
      integrationIds: { sandbox: String(company.id) },
    });
  });

  it('a contact whose company is not in the BSS yet brings its company along', async () => {
    const company = await world.cw.client.company.companies.create({
      identifier: 'HOOK-2',
      name: 'Second Hook',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const contact = await world.cw.client.company.contacts.create({
      firstName: 'Cy',
      lastName: 'Berg',
      company: { id: company.id },
    });
    await nextSecond();
    editInConnectWise('company/contacts', contact.id, { title: 'CTO' });
    await settle(2);
    expect(await world.store.get('accounts', 'HOOK-2')).toMatchObject({ name: 'Second Hook' });
    expect(await world.store.get('contacts', `CW-CONTACT-${contact.id}`)).toMatchObject({
      jobTitle: 'CTO',
      account: { id: 'HOOK-2' },
    });
  });

  it('refuses a missing or wrong signature, and an unknown instance, alike with 401, and queues nothing', async () => {
    const { body, signature } = await signed({ ID: 999_999 });
    const waitingBefore = (await world.queue.stats()).waiting;
    const unsigned = await post(body, {});
    expect(unsigned.status).toBe(401);
    const forged = await post(body, { 'x-content-signature': signCallbackBody(body, 'not the key') });
    expect(forged.status).toBe(401);
    const tampered = await post(body.replace('999999', '999998'), { 'x-content-signature': signature });
    expect(tampered.status).toBe(401);
    const forgedBody = await forged.text();
    const unknown = await post(
      body,
      { 'x-content-signature': signCallbackBody(body, 'not the key') },
      'nowhere',
    );
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toBe(forgedBody);
    const unknownUnsigned = await post(body, {}, 'nowhere');
    expect(unknownUnsigned.status).toBe(401);
    expect(await unknownUnsigned.text()).toBe(await unsigned.text());
    expect((await world.queue.stats()).waiting).toBe(waitingBefore);
    expect(delivered.slice(-5).map((entry) => entry.result.result)).toEqual([
      'bad-signature',
      'bad-signature',
      'bad-signature',
      'unknown-instance',
      'unknown-instance',
    ]);
  });

  it('refuses a callback whose key URL is not the instance site, however well signed', async () => {
    const { body } = await signed({ Metadata: { key_url: `${publicUrl}/not-connectwise` } });
    const response = await post(body, { 'x-content-signature': signCallbackBody(body, 'attacker key') });
    expect(response.status).toBe(401);
  });

  it('refuses with 401, not 503, a forged callback whose key URL is on the site but is not a key', async () => {
    const site = new URL(world.cw.sandbox.url).origin;
    for (const keyUrl of [`${site}/login/companyinfo/cwsync`, `${site}/no-such-key`]) {
      const { body } = await signed({ Metadata: { key_url: keyUrl } });
      const response = await post(body, { 'x-content-signature': signCallbackBody(body, 'attacker key') });
      expect(response.status, keyUrl).toBe(401);
    }
  });

  it('answers a delete with 200 and queues nothing: deletes are not pulled', async () => {
    const { body, signature } = await signed({ Action: 'deleted', Entity: null });
    const waitingBefore = (await world.queue.stats()).waiting;
    const response = await post(body, { 'x-content-signature': signature });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ queued: false, reason: 'deletes are not pulled' });
    expect((await world.queue.stats()).waiting).toBe(waitingBefore);
  });

  it('duplicate and out-of-order callbacks end with the latest state and no extra BSS write', async () => {
    const [company] = (
      await world.cw.client.company.companies.page({ conditions: where('identifier', '=', 'HOOK-1') })
    ).items;
    const before = delivered.length;
    await nextSecond();
    editInConnectWise('company/companies', company!.id, { phoneNumber: '+1 813 555 0001' });
    await settle(before + 1);
    await nextSecond();
    editInConnectWise('company/companies', company!.id, { phoneNumber: '+1 813 555 0002' });
    await settle(before + 2);
    const latest = await world.store.get('accounts', 'HOOK-1');
    expect(latest).toMatchObject({ phone: '+1 813 555 0002' });

    // the first callback again, late, and the second twice: each queues a pull that reads the current state
    const [older, newer] = delivered.slice(before);
    for (const replay of [older!, newer!, newer!]) {
      const response = await post(replay.rawBody, { 'x-content-signature': replay.signature! });
      expect(response.status).toBe(202);
    }
    await world.drain({ feed: false });
    expect(await world.store.get('accounts', 'HOOK-1')).toMatchObject({
      phone: '+1 813 555 0002',
      version: latest!.version,
    });
  });

  it('the route is in the API description, as one that takes no bearer token', async () => {
    const document = (await (await fetch(`${publicUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(document.paths['/api/v1/connectwise/callbacks/{instanceId}']?.post?.security).toEqual([]);
  });

  it('a record cwsync pushes is not called back', async () => {
    const before = delivered.length;
    await world.store.upsert(
      'accounts',
      'PUSHED-HOOK',
      { name: 'Pushed Hook', type: { id: 'customer' }, addresses: [{ city: 'Tampa', isBilling: true }] },
      api,
    );
    await world.drain();
    expect((await world.store.get('accounts', 'PUSHED-HOOK'))?.integrationIds).toHaveProperty('sandbox');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(delivered).toHaveLength(before);
  });
});
