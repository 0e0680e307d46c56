import { describe, expect, it } from 'vitest';
import {
  ConnectWiseConfigError,
  createConnectWiseClient,
  parseConnectWiseConfig,
} from '../../src/connectwise/index.js';
import { testKeys } from './support/test-client.js';

describe('client configuration', () => {
  it('fills the documented defaults', () => {
    const config = parseConnectWiseConfig({ siteUrl: 'na.myconnectwise.net', ...testKeys });
    expect(config).toMatchObject({
      apiVersion: '2022.1',
      codebase: 'v4_6_release',
      maxConcurrency: 8,
      retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRateLimitRetries: 10 },
    });
  });

  it('names every wrong field and the rule, without echoing the keys', () => {
    let caught: unknown;
    try {
      createConnectWiseClient({
        siteUrl: '',
        companyId: 'cwsync',
        publicKey: 'pub-SECRET-1',
        privateKey: 'priv-SECRET-2',
        clientId: 'not-a-guid',
        apiVersion: 'latest',
        maxConcurrency: 0,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectWiseConfigError);
    const error = caught as ConnectWiseConfigError;
    expect(error.problems).toEqual([
      'siteUrl: siteUrl is required, e.g. na.myconnectwise.net',
      'clientId: clientId must be the GUID issued at developer.connectwise.com/ClientID',
      'apiVersion: apiVersion must look like 2022.1',
      'maxConcurrency: Too small: expected number to be >=1',
    ]);
    expect(JSON.stringify({ message: error.message, problems: error.problems })).not.toMatch(/SECRET/);
  });

  it('rejects a codebase that is not discover or a codebase name', () => {
    expect(() =>
      parseConnectWiseConfig({ siteUrl: 'x.example.com', ...testKeys, codebase: '../admin' }),
    ).toThrow("codebase: codebase must be 'discover' or a codebase such as v4_6_release");
  });
});
