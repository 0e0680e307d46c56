import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallbackSignature } from '../../src/connectwise/index.js';
import { startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';
import { startStubServer } from './support/stub-server.js';
import type { RecordedRequest, StubServer } from './support/stub-server.js';

let world: SandboxWithClient;
let receiver: StubServer;
beforeAll(async () => {
  world = await startSandboxWithClient();
  receiver = await startStubServer((_request, response) => {
    response.writeHead(200);
    response.end();
  });
});
afterAll(async () => {
  await world.stop();
  await receiver.stop();
});

async function fetchSigningKey(keyUrl: string | undefined): Promise<string> {
  if (!keyUrl) throw new Error('callback without Metadata.key_url');
  const response = await fetch(keyUrl);
  return ((await response.json()) as { signing_key: string }).signing_key;
}

async function waitForCallback(): Promise<RecordedRequest> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const delivered = receiver.requests.find((request) => request.method === 'POST');
    if (delivered) return delivered;
    await delay(20);
  }
  throw new Error('the sandbox delivered no callback within 5 s');
}

describe('a callback the sandbox delivers', () => {
  it('carries a signature verifyCallbackSignature accepts, and rejects once tampered with', async () => {
    await world.client.system.callbacks.create({
      url: `${receiver.url}/connectwise/callback?recordId=`,
      objectId: 1,
      type: 'company',
      level: 'owner',
      description: 'cwsync signature test',
      isSelfSuppressedFlag: false,
    });
    await world.client.company.companies.create({
      identifier: 'HOOK1',
      name: 'Hooked',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const delivered = await waitForCallback();
    const signature = delivered.headers['x-content-signature'];
    expect(signature).toBeTruthy();
    await expect(verifyCallbackSignature(delivered.body, signature, fetchSigningKey)).resolves.toBe(true);
    const tampered = delivered.body.replace('HOOK1', 'HOOK2');
    expect(tampered).not.toBe(delivered.body);
    await expect(verifyCallbackSignature(tampered, signature, fetchSigningKey)).resolves.toBe(false);
  });
});
