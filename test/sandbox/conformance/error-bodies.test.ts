import type { CallbackEntry } from 'connectwise-rest/dist/Manage/SystemAPI.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { capturedFixture, keyPathsOf } from './captured-fixture.js';
import { createConnectwiseRestClient, failureOf } from './connectwise-rest-client.js';

let sandbox: RunningSandbox;
let cw: ReturnType<typeof createConnectwiseRestClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'empty' });
  cw = createConnectwiseRestClient(sandbox);
});
afterAll(async () => sandbox?.stop());

describe('error bodies match the captured ConnectWise bodies', () => {
  it('400 for a contact without firstName', async () => {
    const failure = await failureOf(cw.CompanyAPI.postCompanyContacts({ lastName: 'Nameless' }));
    expect(failure.status).toBe(400);
    expect(failure.data).toEqual(capturedFixture('test/write/contacts/bad-request.json'));
  });

  it('404 for a contact that does not exist', async () => {
    const failure = await failureOf(cw.CompanyAPI.getCompanyContactsById(57919));
    expect(failure.status).toBe(404);
    expect(failure.data).toEqual(capturedFixture('test/delete/contact-not-found.json'));
  });

  it('404 for a route that does not exist', async () => {
    const failure = await failureOf(cw.request({ path: '/company/no-such-thing', method: 'get' }));
    expect(failure.status).toBe(404);
    expect(failure.data).toEqual(capturedFixture('test/read/not-found.json'));
    expect(failure.data).toEqual(
      capturedFixture('internal/subscriber/test/create/remove-webhook-failed.json'),
    );
  });

  it('400 for a callback with a bad URL and a level its type does not have', async () => {
    const failure = await failureOf(
      cw.SystemAPI.postSystemCallbacks({ url: 'not a url', objectId: 1, type: 'contact', level: 'board' }),
    );
    expect(failure.status).toBe(400);
    expect(failure.data).toEqual(
      capturedFixture('internal/subscriber/test/create/create-webhook-bad-request-1.json'),
    );
  });

  it('400 ObjectExists for a second identical callback, after a create answered in the captured shape', async () => {
    const request = capturedFixture<CallbackEntry>('internal/subscriber/test/create/contacts/request.json');
    const created = await cw.SystemAPI.postSystemCallbacks(request);
    const captured = capturedFixture('internal/subscriber/test/create/contacts/response.json');
    expect(keyPathsOf(created).filter((path) => !path.startsWith('_info.'))).toEqual(
      keyPathsOf(captured).filter((path) => !path.startsWith('_info.')),
    );
    expect(created).toMatchObject({ url: request.url, type: 'contact', level: 'owner', objectId: 1 });

    const failure = await failureOf(cw.SystemAPI.postSystemCallbacks(request));
    expect(failure.status).toBe(400);
    expect(failure.data).toEqual(
      capturedFixture('internal/subscriber/test/create/create-webhook-bad-request-2.json'),
    );
  });
});
