import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

describe('system/callbacks', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.stop());

  it('creates the captured callback request with the captured response shape', async () => {
    const request = readFixture('internal/subscriber/test/create/contacts/request.json');
    const captured = readFixture('internal/subscriber/test/create/contacts/response.json');
    const answer = await sandbox.call('POST', '/system/callbacks', { body: request });
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body).sort()).toEqual(expect.arrayContaining(Object.keys(captured).sort()));
    expect(answer.body).toMatchObject({
      url: captured.url,
      objectId: captured.objectId,
      type: 'contact',
      level: 'owner',
      payloadVersion: '3.0.0',
      inactiveFlag: false,
      isSoapCallbackFlag: false,
      isSelfSuppressedFlag: false,
    });
    const members = await sandbox.call('GET', '/system/members?conditions=identifier="cwsync"');
    expect(answer.body.memberId).toBe(members.body[0].id);
    expect(answer.body.connectWiseID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(answer.body._info.updatedBy).toBe('cwsync');
  });

  it('answers a duplicate exactly as the captured ObjectExists body', async () => {
    const request = {
      ...readFixture('internal/subscriber/test/create/contacts/request.json'),
      url: 'https://dup.example/hook',
    };
    expect((await sandbox.call('POST', '/system/callbacks', { body: request })).status).toBe(201);
    const duplicate = await sandbox.call('POST', '/system/callbacks', { body: request });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual(
      readFixture('internal/subscriber/test/create/create-webhook-bad-request-2.json'),
    );
  });

  it('answers a bad URL and an unknown level exactly as the captured bad request', async () => {
    const request = {
      ...readFixture('internal/subscriber/test/create/contacts/request.json'),
      url: 'not a url',
      level: 'galaxy',
    };
    const answer = await sandbox.call('POST', '/system/callbacks', { body: request });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(
      readFixture('internal/subscriber/test/create/create-webhook-bad-request-1.json'),
    );
  });

  it('deletes a callback and then answers 404 for it', async () => {
    const request = {
      ...readFixture('internal/subscriber/test/create/contacts/request.json'),
      url: 'https://gone.example/hook',
    };
    const created = await sandbox.call('POST', '/system/callbacks', { body: request });
    expect((await sandbox.call('DELETE', `/system/callbacks/${created.body.id}`)).status).toBe(204);
    const again = await sandbox.call('DELETE', `/system/callbacks/${created.body.id}`);
    expect(again.body).toEqual({ code: 'NotFound', message: `Callback ${created.body.id} not found` });
  });
});
