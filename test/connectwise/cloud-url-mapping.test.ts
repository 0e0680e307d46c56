import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveApiOrigin } from '../../src/connectwise/index.js';
import { createTestClient } from './support/test-client.js';

describe('site URL', () => {
  it.each([
    ['na.myconnectwise.net', 'https://api-na.myconnectwise.net'],
    ['eu.myconnectwise.net', 'https://api-eu.myconnectwise.net'],
    ['au.myconnectwise.net', 'https://api-au.myconnectwise.net'],
    ['aus.myconnectwise.net', 'https://api-aus.myconnectwise.net'],
    ['za.myconnectwise.net', 'https://api-za.myconnectwise.net'],
    ['staging.connectwisedev.com', 'https://api-staging.connectwisedev.com'],
    ['https://NA.MyConnectWise.net/', 'https://api-na.myconnectwise.net'],
    ['https://api-na.myconnectwise.net', 'https://api-na.myconnectwise.net'],
    ['cw.example.com', 'https://cw.example.com'],
    ['https://cw.example.com:8443', 'https://cw.example.com:8443'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('%s → %s', (siteUrl, origin) => {
    expect(resolveApiOrigin(siteUrl)).toBe(origin);
  });

  it.each([
    ['https://na.myconnectwise.net/v4_6_release/apis/3.0', /without a path; set the codebase option/],
    ['ftp://cw.example.com', /must use http or https/],
    ['https://user:pw@cw.example.com', /must not carry credentials/],
    ['http://', /is not a host name or URL/],
  ])('rejects %s', (siteUrl, message) => {
    expect(() => resolveApiOrigin(siteUrl)).toThrow(message);
  });
});

describe('a client for a cloud site', () => {
  let agent: MockAgent | undefined;
  afterEach(async () => {
    await agent?.close();
  });

  it('sends its calls to the api- host with ConnectWise auth, clientId and version headers', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    let seenHeaders: Record<string, string> = {};
    agent
      .get('https://api-na.myconnectwise.net')
      .intercept({ path: '/v4_6_release/apis/3.0/company/companies/count', method: 'GET' })
      .reply((options) => {
        seenHeaders = options.headers as Record<string, string>;
        return {
          statusCode: 200,
          data: { count: 7 },
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      });
    const client = createTestClient('na.myconnectwise.net', { dispatcher: agent, apiVersion: '2025.8' });
    expect(client.origin).toBe('https://api-na.myconnectwise.net');
    expect(await client.company.companies.count()).toBe(7);
    const expectedToken = Buffer.from('cwsync+sandbox-public:sandbox-private').toString('base64');
    expect(seenHeaders).toMatchObject({
      authorization: `Basic ${expectedToken}`,
      clientid: '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b',
      accept: 'application/vnd.connectwise.com+json; version=2025.8',
    });
    agent.assertNoPendingInterceptors();
  });
});
