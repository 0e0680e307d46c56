import { verifyWithConnectwiseRest } from './verify-with-connectwise-rest.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiPrefix, startExtensionHost } from '../faults/extension-host.js';
import { startCallbackReceiver } from './callback-receiver.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('callback key URL', () => {
  it('serves the signing key that verifies a delivered callback, as connectwise-rest checks it', async () => {
    const host = await startExtensionHost();
    cleanups.push(host.stop);
    const receiver = await startCallbackReceiver();
    cleanups.push(receiver.close);
    host.store.insert(
      'system/callbacks',
      { url: `${receiver.url}/cw?recordId=`, objectId: 1, type: 'contact', level: 'owner' },
      'cwsync',
    );

    const created = await fetch(`${host.url}${apiPrefix}/company/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"firstName":"Ada"}',
    });
    expect(created.status).toBe(201);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 10_000 });

    const [callback] = receiver.received;
    const body = JSON.parse(String(callback?.body)) as { Metadata: { key_url: string }; FromUrl: string };
    expect(body.Metadata.key_url.startsWith(`${host.url}/v2025_1//system/callbackkey/index.rails?`)).toBe(
      true,
    );
    expect(body.FromUrl).toBe(new URL(host.url).host);
    const keyResponse = await fetch(body.Metadata.key_url);
    expect(keyResponse.status).toBe(200);
    const { signing_key: signingKey } = (await keyResponse.json()) as { signing_key: string };
    expect(verifyWithConnectwiseRest(body, callback?.headers['x-content-signature'], signingKey)).toBe(true);
  });

  it('answers 404 for another key id, and also serves the key without the double slash', async () => {
    const host = await startExtensionHost();
    cleanups.push(host.stop);
    const unknown = await fetch(
      `${host.url}/v2025_1//system/callbackkey/index.rails?companyName=cwsync&id=other`,
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NotFound' });
    const single = await fetch(`${host.url}/v2025_1/system/callbackkey/index.rails?id=other`);
    expect(await single.json()).toMatchObject({ code: 'NotFound' });
  });
});
