import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyCallbackSignature } from '../../src/connectwise/index.js';

const rawBody = readFileSync(
  new URL('../fixtures/connectwise/amp-labs/internal/webhook/test/contact-update.json', import.meta.url),
  'utf8',
);
const signingKey = 'test-signing-key-7f3a';

function sign(text: string, keyText = signingKey): string {
  const key = createHash('sha256').update(keyText).digest();
  return createHmac('sha256', key).update(text).digest('base64');
}

describe('verifyCallbackSignature', () => {
  it('accepts the signature ConnectWise computes and fetches the key from Metadata.key_url', async () => {
    const requestedUrls: Array<string | undefined> = [];
    const fetchKey = async (keyUrl: string | undefined): Promise<string> => {
      requestedUrls.push(keyUrl);
      return signingKey;
    };
    const compact = JSON.stringify(JSON.parse(rawBody));
    expect(await verifyCallbackSignature(compact, sign(compact), fetchKey)).toBe(true);
    expect(requestedUrls).toEqual([
      (JSON.parse(rawBody) as { Metadata: { key_url: string } }).Metadata.key_url,
    ]);
  });

  it('accepts a body a proxy re-formatted, as ConnectWise signs JSON.stringify of the payload', async () => {
    const signature = sign(JSON.stringify(JSON.parse(rawBody)));
    expect(await verifyCallbackSignature(Buffer.from(rawBody), signature, async () => signingKey)).toBe(true);
  });

  it('rejects a changed body, another key, a missing header and a non-JSON body', async () => {
    const compact = JSON.stringify(JSON.parse(rawBody));
    const fetchKey = async (): Promise<string> => signingKey;
    expect(
      await verifyCallbackSignature(compact.replace('updated', 'deleted'), sign(compact), fetchKey),
    ).toBe(false);
    expect(await verifyCallbackSignature(compact, sign(compact, 'other-key'), fetchKey)).toBe(false);
    expect(await verifyCallbackSignature(compact, undefined, fetchKey)).toBe(false);
    expect(await verifyCallbackSignature('not json', sign('not json'), fetchKey)).toBe(false);
    expect(await verifyCallbackSignature(compact, 'AAAA', fetchKey)).toBe(false);
  });
});
