import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

const readOnlyKeys = { publicKey: 'sandbox-readonly-public', privateKey: 'sandbox-readonly-private' };

describe('sandbox authentication', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.stop());

  it('answers 401 in ConnectWise shape when the Authorization header is missing', async () => {
    const answer = await sandbox.call('GET', '/company/companies', { keys: null });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 'ConnectWiseApi', message: 'UserNotAuthenticated' });
  });

  it('answers 401 for a wrong private key and for a wrong company id', async () => {
    const wrongKey = await sandbox.call('GET', '/company/companies', {
      keys: { publicKey: 'sandbox-public', privateKey: 'nope' },
    });
    const wrongCompany = await sandbox.call('GET', '/company/companies', {
      keys: { companyId: 'other', publicKey: 'sandbox-public', privateKey: 'sandbox-private' },
    });
    expect(wrongKey.status).toBe(401);
    expect(wrongCompany.status).toBe(401);
  });

  it('accepts the company id in any letter case, as ConnectWise logins do', async () => {
    const answer = await sandbox.call('GET', '/company/companies', {
      keys: { companyId: 'CWSYNC', publicKey: 'sandbox-public', privateKey: 'sandbox-private' },
    });
    expect(answer.status).toBe(200);
  });

  it('requires a clientId header holding a GUID', async () => {
    const missing = await sandbox.call('GET', '/company/companies', { clientId: null });
    const notGuid = await sandbox.call('GET', '/company/companies', { clientId: 'my-integration' });
    for (const answer of [missing, notGuid]) {
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('ConnectWiseApi');
      expect(answer.body.message).toContain('clientId');
    }
  });

  it('lets the read-only API member read but answers 403 with the Security body on writes', async () => {
    const read = await sandbox.call('GET', '/company/companies', { keys: readOnlyKeys });
    expect(read.status).toBe(200);
    const write = await sandbox.call('POST', '/company/companies/statuses', {
      keys: readOnlyKeys,
      body: { name: 'X' },
    });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({
      code: 'Security',
      message: 'You do not have security permission to perform this action.',
    });
  });

  it('lists both API members in system/members', async () => {
    const answer = await sandbox.call('GET', '/system/members?orderBy=identifier');
    expect(answer.body.map((member: { identifier: string }) => member.identifier)).toEqual([
      'cwsync',
      'cwsync-readonly',
    ]);
  });

  it('writes the identifier of the API member that made a change to _info', async () => {
    const created = await sandbox.call('POST', '/company/companies/statuses', { body: { name: 'Prospect' } });
    expect(created.status).toBe(201);
    expect(created.body._info).toMatchObject({ enteredBy: 'cwsync', updatedBy: 'cwsync' });
    expect(created.body._info.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
