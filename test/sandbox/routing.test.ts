import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

describe('sandbox routing, companyinfo and response shape', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ codebase: 'v2025_1/', apiVersion: '2025.8' });
  });
  afterAll(() => sandbox.stop());

  it('reports the codebase at /login/companyinfo/{companyId} like ConnectWise', async () => {
    const response = await fetch(`${sandbox.sandbox.url}/login/companyinfo/cwsync`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toMatchObject({
      CompanyName: 'cwsync',
      Codebase: 'v2025_1/',
      VersionCode: 'v2025.1',
      CompanyID: 'cwsync',
      IsCloud: false,
    });
  });

  it('answers an unknown company with an empty companyinfo, so clients fall back to v4_6_release', async () => {
    const response = await fetch(`${sandbox.sandbox.url}/login/companyinfo/someone-else`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ Codebase: null, CompanyID: null });
  });

  it('serves the API at the reported codebase path as well as v4_6_release', async () => {
    const answer = await sandbox.call(
      'GET',
      `${sandbox.sandbox.url}/v2025_1/apis/3.0/company/companies/count`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ count: 0 });
  });

  it('declares the API version in api-current-version and the media type the client asked for', async () => {
    const plain = await sandbox.call('GET', '/company/companies');
    expect(plain.headers.get('api-current-version')).toBe('2025.8');
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const versioned = await sandbox.call('GET', '/company/companies', {
      headers: { accept: 'application/vnd.connectwise.com+json; version=2025.8' },
    });
    expect(versioned.headers.get('content-type')).toBe(
      'application/vnd.connectwise.com+json; version=2025.8; charset=utf-8',
    );
  });

  it('answers an unknown route with the captured "endpoint does not exist" body', async () => {
    const answer = await sandbox.call('GET', '/company/nothingHere');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(readFixture('test/read/not-found.json'));
    const outsideApi = await sandbox.call('GET', `${sandbox.sandbox.url}/somewhere`);
    expect(outsideApi.body).toEqual(readFixture('test/write/contacts/not-found.json'));
  });

  it('answers 405 in ConnectWise shape for a method a route does not take', async () => {
    const answer = await sandbox.call('POST', '/company/companies/count', { body: {} });
    expect(answer.status).toBe(405);
    expect(answer.body).toEqual({
      code: 'ConnectWiseApi',
      message: "The requested resource does not support http method 'POST'.",
    });
  });

  it('answers 400 in ConnectWise shape for malformed JSON, never a Fastify body', async () => {
    const answer = await sandbox.call('POST', '/company/companies', { rawBody: '{"identifier": ' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('BadRequest');
    expect(answer.body.message).toContain('not valid JSON');
    expect(answer.body).not.toHaveProperty('statusCode');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const answer = await sandbox.call('POST', '/company/companies', {
      rawBody: 'identifier=x',
      contentType: 'text/plain',
    });
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('ConnectWiseApi');
    expect(answer.body.message).toContain("'text/plain'");
  });

  it('answers 404 "endpoint does not exist" for a non-numeric record id', async () => {
    const answer = await sandbox.call('GET', '/company/companies/abc');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('ConnectWiseApi');
  });

  it('matches route paths case-insensitively, as IIS does', async () => {
    const answer = await sandbox.call('GET', '/Company/Companies/Count');
    expect(answer.status).toBe(200);
  });
});
