import { readFileSync } from 'node:fs';
import { verifyWithConnectwiseRest } from './verify-with-connectwise-rest.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  startCallbackDispatcher,
  type CallbackDispatcher,
} from '../../../src/sandbox/callbacks/callback-dispatcher.js';
import type { SandboxStore } from '../../../src/sandbox/context.js';
import { createInMemoryStore } from '../seed/in-memory-store.js';
import { startCallbackReceiver } from './callback-receiver.js';

const fixtureKeys = Object.keys(
  JSON.parse(
    readFileSync(
      new URL(
        '../../fixtures/connectwise/amp-labs/internal/webhook/test/contact-create.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ) as object,
);

const signingKey = 'test-signing-key';
const origin = {
  companyId: 'cwsync',
  fromUrl: '127.0.0.1:1',
  keyUrl: 'http://127.0.0.1:1/v2025_1//system/callbackkey/index.rails?companyName=cwsync&id=k',
  partnerId: 'partner',
  productInstanceId: 'instance',
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function quietLogger() {
  return { warn: vi.fn(), error: vi.fn() };
}

function setup(retries = 2) {
  const store = createInMemoryStore({ 'company/contacts': 'contact', 'company/companies': 'company' });
  const logger = quietLogger();
  const dispatcher = startCallbackDispatcher({
    store,
    logger,
    signingKey,
    origin: () => origin,
    retryPolicy: { retries, firstDelayMs: 5, attemptTimeoutMs: 2_000 },
  });
  cleanups.push(() => dispatcher.stop());
  return { store, logger, dispatcher };
}

async function receiver(answers?: number[]) {
  const started = await startCallbackReceiver(answers);
  cleanups.push(started.close);
  return started;
}

function register(store: SandboxStore, url: string, fields: Record<string, unknown> = {}) {
  return store.insert(
    'system/callbacks',
    { url: `${url}/hook?recordId=`, objectId: 1, type: 'contact', level: 'owner', memberId: 0, ...fields },
    'cwsync',
  );
}

async function settle(dispatcher: CallbackDispatcher) {
  await dispatcher.idle();
}

describe('callback delivery', () => {
  it('POSTs added, updated and deleted contacts in order, signed, in the captured payload shape', async () => {
    const { store, dispatcher } = setup();
    const target = await receiver();
    const entry = register(store, target.url);

    const contact = store.insert('company/contacts', { firstName: 'Ada' }, 'someone');
    store.replace('company/contacts', contact.id as number, { firstName: 'Ada B' }, 'someone');
    store.remove('company/contacts', contact.id as number, 'someone');
    await settle(dispatcher);

    expect(target.received.map((call) => call.url)).toEqual(Array(3).fill(`/hook?recordId=${contact.id}`));
    const bodies = target.received.map((call) => JSON.parse(call.body) as Record<string, unknown>);
    expect(bodies.map((body) => body.Action)).toEqual(['added', 'updated', 'deleted']);
    for (const [index, body] of bodies.entries()) {
      expect(Object.keys(body)).toEqual(fixtureKeys);
      expect(body).toMatchObject({
        CallbackObjectRecId: entry.id,
        CompanyId: 'cwsync',
        ID: contact.id,
        MemberId: 'someone',
        Metadata: { key_url: origin.keyUrl },
        Type: 'contact',
      });
      expect(body.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const signature = target.received[index]?.headers['x-content-signature'];
      expect(verifyWithConnectwiseRest(body, signature, signingKey)).toBe(true);
    }
    expect(JSON.parse(String(bodies[1]?.Entity))).toMatchObject({ id: contact.id, firstName: 'Ada B' });
    expect(bodies[2]?.Entity).toBeNull();
    expect(new Set(bodies.map((body) => body.MessageId)).size).toBe(3);
  });

  it('retries a failing receiver and stops after the first success', async () => {
    const { store, dispatcher, logger } = setup(3);
    const target = await receiver([500, 503, 200]);
    register(store, target.url);
    store.insert('company/contacts', { firstName: 'Ada' }, 'someone');
    await settle(dispatcher);
    expect(target.received).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('gives up after the retries on an unreachable receiver, logs it, and keeps delivering to others', async () => {
    const { store, dispatcher, logger } = setup(1);
    const dead = await startCallbackReceiver();
    await dead.close();
    const alive = await receiver();
    register(store, dead.url);
    register(store, alive.url);
    store.insert('company/contacts', { firstName: 'Ada' }, 'someone');
    await settle(dispatcher);
    expect(alive.received).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    const [fields] = logger.warn.mock.calls[1] as [Record<string, unknown>];
    expect(fields).toMatchObject({ attempt: 2, willRetry: false });
    expect(String(fields.url)).not.toContain('recordId');
  });

  it('does not send a self-suppressed entry its own member’s changes', async () => {
    const { store, dispatcher } = setup();
    const target = await receiver();
    const member = store.insert('system/members', { identifier: 'cwsync' }, 'cwsync');
    register(store, target.url, { memberId: member.id, isSelfSuppressedFlag: true });
    store.insert('company/contacts', { firstName: 'Own change' }, 'cwsync');
    store.insert('company/contacts', { firstName: 'Someone else' }, 'admin1');
    await settle(dispatcher);
    expect(target.received.map((call) => JSON.parse(call.body).MemberId)).toEqual(['admin1']);
  });

  it('sends a company-level contact entry only the contacts of that company, deletes included', async () => {
    const { store, dispatcher } = setup();
    const target = await receiver();
    register(store, target.url, { level: 'company', objectId: 5 });
    const ours = store.insert('company/contacts', { firstName: 'Ours', company: { id: 5 } }, 'someone');
    store.insert('company/contacts', { firstName: 'Theirs', company: { id: 6 } }, 'someone');
    store.remove('company/contacts', ours.id as number, 'someone');
    await settle(dispatcher);
    expect(target.received.map((call) => JSON.parse(call.body).Action)).toEqual(['added', 'deleted']);
  });

  it('sends nothing for types without callbacks and after stop', async () => {
    const { store, dispatcher } = setup();
    const target = await receiver();
    register(store, target.url);
    store.insert('company/countries', { name: 'Nowhere' }, 'someone');
    await dispatcher.stop();
    store.insert('company/contacts', { firstName: 'Late' }, 'someone');
    await settle(dispatcher);
    expect(target.received).toHaveLength(0);
  });
});
