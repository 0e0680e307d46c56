import { readFileSync } from 'node:fs';
import { verifyWithConnectwiseRest } from './verify-with-connectwise-rest.js';
import { describe, expect, it } from 'vitest';
import { signCallbackBody } from '../../../src/sandbox/callbacks/sign-callback-body.js';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../fixtures/connectwise/amp-labs/internal/webhook/test/contact-update.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

describe('callback signature', () => {
  it('is accepted by connectwise-rest verifyMessage for the captured payload', () => {
    const signature = signCallbackBody(JSON.stringify(fixture), 'sandbox signing key');
    expect(verifyWithConnectwiseRest(fixture, signature, 'sandbox signing key')).toBe(true);
  });

  it('is rejected when the body or the key differ', () => {
    const signature = signCallbackBody(JSON.stringify(fixture), 'sandbox signing key');
    expect(verifyWithConnectwiseRest({ ...fixture, ID: 1 }, signature, 'sandbox signing key')).toBe(false);
    expect(verifyWithConnectwiseRest(fixture, signature, 'another key')).toBe(false);
  });
});
