// The instance's API keys go with a signing-key request only to the instance's own site: a key URL on another
// host of ConnectWise's cloud (trusted for the key itself) never receives them.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCallbackVerifier, type KeyUrlCredentials } from '../../src/connectors/connectwise/index.js';

const signingKey = 'test-signing-key-7f3a';
const sign = (text: string) =>
  createHmac('sha256', createHash('sha256').update(signingKey).digest()).update(text).digest('base64');
const bodyWithKeyUrl = (keyUrl: string) =>
  JSON.stringify({ Action: 'updated', Type: 'company', ID: 7, Metadata: { key_url: keyUrl } });

describe('which key URLs are sent the instance keys', () => {
  const credentials: KeyUrlCredentials = async () => ({ authorization: 'Basic secret', clientId: 'id' });

  it.each([
    [
      'the site itself',
      'https://na.myconnectwise.net',
      'https://na.myconnectwise.net/v4_6_release//system/callbackkey/index.rails?id=1',
      true,
    ],
    [
      'its API origin',
      'https://na.myconnectwise.net',
      'https://api-na.myconnectwise.net/v4_6_release/system/callbackkey/index.rails?id=1',
      true,
    ],
    [
      'another host of the cloud',
      'https://na.myconnectwise.net',
      'https://sandbox-na.myconnectwise.net/v4_6_release//system/callbackkey/index.rails?id=1',
      false,
    ],
  ])('%s: keys offered %s', async (_case, siteUrl, keyUrl, offered) => {
    const given: Array<KeyUrlCredentials | undefined> = [];
    const verifier = createCallbackVerifier({
      fetchSigningKey: async (_url, withCredentials) => {
        given.push(withCredentials);
        return signingKey;
      },
    });
    const body = bodyWithKeyUrl(keyUrl);
    expect(await verifier.verify(siteUrl, body, sign(body), credentials)).toBe(true);
    expect(given).toEqual([offered ? credentials : undefined]);
  });

  it('a key URL outside the site is not fetched at all', async () => {
    let fetched = false;
    const verifier = createCallbackVerifier({
      fetchSigningKey: async () => {
        fetched = true;
        return signingKey;
      },
    });
    const body = bodyWithKeyUrl('https://attacker.example/key');
    expect(await verifier.verify('https://na.myconnectwise.net', body, sign(body), credentials)).toBe(false);
    expect(fetched).toBe(false);
  });
});
