import type { CallbackEntry } from 'connectwise-rest/dist/Manage/SystemAPI.js';
import type { Company, Contact, PatchOperation } from 'connectwise-rest/dist/Manage/CompanyAPI.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { startCallbackReceiver } from '../callbacks/callback-receiver.js';
import { verifyWithConnectwiseRest } from '../callbacks/verify-with-connectwise-rest.js';
import { capturedFixture, keyPathsOf } from './captured-fixture.js';
import { createConnectwiseRestClient } from './connectwise-rest-client.js';

type Payload = Record<string, unknown> & { Entity: string | null; Metadata: { key_url: string } };

let sandbox: RunningSandbox;
let cw: ReturnType<typeof createConnectwiseRestClient>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo' });
  cw = createConnectwiseRestClient(sandbox);
});
afterAll(async () => sandbox?.stop());
afterEach(async () => {
  await receiver?.close();
  for (const callback of await cw.SystemAPI.getSystemCallbacks())
    await cw.SystemAPI.deleteSystemCallbacksById(callback.id as number);
});

async function register(fields: Partial<CallbackEntry> = {}) {
  receiver = await startCallbackReceiver();
  const request = capturedFixture<CallbackEntry>('internal/subscriber/test/create/contacts/request.json');
  const url = (request.url as string).replace('https://test.com', receiver.url);
  return cw.SystemAPI.postSystemCallbacks({ ...request, url, ...fields });
}

async function receivedPayloads(count: number): Promise<Payload[]> {
  await vi.waitFor(() => expect(receiver.received).toHaveLength(count), { timeout: 10_000 });
  return receiver.received.map((call) => JSON.parse(call.body) as Payload);
}

function typesOf(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, field === null ? 'null' : typeof field]),
  );
}

describe('callback payloads match the captured ConnectWise callbacks', () => {
  it('sends added, updated and deleted contacts with the captured keys, types and a verifiable signature', async () => {
    const entry = await register();
    const created = await cw.CompanyAPI.postCompanyContacts({
      firstName: 'Lillie',
      lastName: 'Keebler',
    } as Contact);
    const id = created.id as number;
    // connectwise-rest 1.3.0 types PatchOperation.value as an object (PR #53): the string value is cast.
    await cw.CompanyAPI.patchCompanyContactsById(id, [
      { op: 'replace', path: 'firstName', value: 'Xzavier' } as unknown as PatchOperation,
    ]);
    await cw.CompanyAPI.deleteCompanyContactsById(id, 0);

    const payloads = await receivedPayloads(3);
    const captured = ['create', 'update', 'delete'].map((action) =>
      capturedFixture<Payload>(`internal/webhook/test/contact-${action}.json`),
    );
    expect(receiver.received.map((call) => call.url)).toEqual(Array(3).fill(`/webhook?recordId=${id}`));
    payloads.forEach((payload, index) => {
      const fixture = captured[index] as Payload;
      expect(Object.keys(payload)).toEqual(Object.keys(fixture));
      expect(typesOf(payload)).toEqual(typesOf(fixture));
      expect(keyPathsOf(payload.Metadata)).toEqual(keyPathsOf(fixture.Metadata));
      expect(payload).toMatchObject({
        Action: fixture.Action,
        CallbackObjectRecId: entry.id,
        ID: id,
        Type: 'contact',
      });
    });

    const entity = JSON.parse(String(payloads[0]?.Entity)) as Record<string, unknown>;
    const capturedEntity = JSON.parse(String(captured[0]?.Entity)) as Record<string, unknown>;
    // The sandbox does not invent the server-made `relationship` stub and `mobileGuid` of a real contact.
    const expectedKeys = Object.keys(capturedEntity).filter(
      (key) => key !== 'relationship' && key !== 'mobileGuid',
    );
    expect(Object.keys(entity)).toEqual(expect.arrayContaining(expectedKeys));
    expect(entity).toMatchObject({ id, firstName: 'Lillie' });
    expect(JSON.parse(String(payloads[1]?.Entity))).toMatchObject({ id, firstName: 'Xzavier' });
    // As captured: MemberId is the identifier of the member who made the change, as in the Entity's _info.updatedBy.
    expect(payloads[0]?.MemberId).toBe((entity._info as Record<string, string>).updatedBy);
    expect((entity._info as Record<string, string>).communications_href).toMatch(
      /\/company\/contacts\/\d+\/communications$/,
    );

    const keyResponse = await fetch(String(payloads[0]?.Metadata.key_url));
    const { signing_key: signingKey } = (await keyResponse.json()) as { signing_key: string };
    receiver.received.forEach((call, index) => {
      expect(
        verifyWithConnectwiseRest(payloads[index], call.headers['x-content-signature'], signingKey),
      ).toBe(true);
    });
  });

  it('sends a company-level contact callback only the contacts of that company', async () => {
    const company = (await cw.CompanyAPI.postCompanyCompanies({
      identifier: 'CALLBACK-CO',
      name: 'Callback Co',
      city: 'Springfield',
      status: { id: 1 },
      types: [{ id: 1 }],
      site: { name: 'Main' },
    } as Company)) as Company;
    await register({ level: 'company', objectId: company.id });
    await cw.CompanyAPI.postCompanyContacts({ firstName: 'Elsewhere' } as Contact);
    const ours = await cw.CompanyAPI.postCompanyContacts({
      firstName: 'Ours',
      company: { id: company.id },
    } as Contact);
    const payloads = await receivedPayloads(1);
    expect(payloads[0]?.ID).toBe(ours.id);
  });
});
